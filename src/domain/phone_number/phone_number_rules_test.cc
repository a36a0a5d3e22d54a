#include "domain/phone_number/phone_number_rules.h"

#include <gtest/gtest.h>

namespace wharf::domain {
namespace {

PhoneNumberCreate Valid() {
    PhoneNumberCreate c;
    c.name = "Support";
    c.phone_number_id = "1234567890";
    c.business_account_id = "98765432109";
    c.access_token = "EAAG123";
    return c;
}

TEST(PhoneNumberRules, AcceptsAMinimalCreate) {
    EXPECT_TRUE(ValidatePhoneNumberCreate(Valid()));
}

TEST(PhoneNumberRules, EachRuleNamesItsField) {
    struct Case {
        void (*mutate)(PhoneNumberCreate&);
        const char* field;
    };
    Case cases[] = {
        {[](PhoneNumberCreate& c) { c.name.reset(); }, "whatsapp_phone_number.name"},
        {[](PhoneNumberCreate& c) { c.name = "  "; }, "whatsapp_phone_number.name"},
        {[](PhoneNumberCreate& c) { c.phone_number_id = "12ab"; },
         "whatsapp_phone_number.phone_number_id"},
        {[](PhoneNumberCreate& c) { c.business_account_id.reset(); },
         "whatsapp_phone_number.business_account_id"},
        {[](PhoneNumberCreate& c) { c.access_token = ""; }, "whatsapp_phone_number.access_token"},
        {[](PhoneNumberCreate& c) { c.kind = "staging"; }, "whatsapp_phone_number.kind"},
        {[](PhoneNumberCreate& c) { c.webhook_destination_url = "javascript:alert(1)"; },
         "whatsapp_phone_number.webhook_destination_url"},
    };
    for (const auto& k : cases) {
        PhoneNumberCreate c = Valid();
        k.mutate(c);
        auto r = ValidatePhoneNumberCreate(c);
        ASSERT_FALSE(r) << k.field;
        EXPECT_EQ(r.error().code, ErrorCode::kInvalidArgument);
        EXPECT_EQ(r.error().field, k.field);
    }
}

TEST(PhoneNumberRules, PatchRefusesNullingRequiredFields) {
    PhoneNumberPatch p;
    p.access_token.state = Field<std::string>::State::kNull;
    EXPECT_FALSE(ValidatePhoneNumberPatch(p));
    PhoneNumberPatch ok;
    ok.webhook_destination_url.state = Field<std::string>::State::kNull;  // nullable
    ok.calls_enabled.state = Field<bool>::State::kValue;
    EXPECT_TRUE(ValidatePhoneNumberPatch(ok));
}

TEST(PhoneNumberHealth, SandboxNumbersAreHealthyWhenConnected) {
    PhoneNumber n;
    n.kind = PhoneNumberKind::kSandbox;
    n.status = "CONNECTED";
    EXPECT_EQ(AssessHealth(n).overall, "healthy");
    PhoneNumber p;
    p.status = "CONNECTED";
    EXPECT_EQ(AssessHealth(p).overall, "unhealthy");  // production without a token
    p.sealed_access_token = "v1.x";
    EXPECT_EQ(AssessHealth(p).overall, "degraded");  // webhook not verified yet
}

}  // namespace
}  // namespace wharf::domain
