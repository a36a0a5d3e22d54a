#include "service/onboarding_service.h"

#include <gtest/gtest.h>

#include "service/customer_service.h"
#include "service/phone_number_service.h"
#include "service/project_service.h"
#include "service/setup_link_service.h"
#include "service/testing/service_test_env.h"
#include "upstream/meta/meta_upstream.h"
#include "upstream/sandbox/sandbox_upstream.h"

namespace wharf::service {
namespace {

class OnboardingServiceTest : public ::testing::Test {
protected:
    void SetUp() override {
        project_ = projects_.CreateProject("p")->project_id;
        customer_ = customers_.Create(project_, {std::string("Acme"), std::nullopt})->id;
    }
    CreatedSetupLink NewLink(domain::SetupLinkCreate in = {}) {
        return *links_.Create(project_, customer_, in);
    }

    testing::ServiceTestEnv env_;
    upstream::SandboxUpstream sandbox_;
    ProjectService projects_{*env_.store, env_.clock};
    CustomerService customers_{*env_.store, env_.clock};
    SetupLinkService links_{*env_.store, env_.clock};
    OnboardingService onboarding_{*env_.store, sandbox_, env_.box, env_.clock};
    ProjectId project_;
    CustomerId customer_;
};

TEST_F(OnboardingServiceTest, CompletionCreatesTheNumberUsesTheLinkAndRecordsTheEvent) {
    domain::SetupLinkCreate in;
    in.provision_phone_number = true;
    auto link = NewLink(in);
    auto out = onboarding_.Complete(link.link.slug, "coexistence");
    ASSERT_TRUE(out) << out.error().message;
    ASSERT_TRUE(out->success);
    EXPECT_TRUE(out->number->is_coexistence);
    EXPECT_EQ(out->number->customer_id, customer_);
    ASSERT_TRUE(out->number->sealed_access_token);
    EXPECT_TRUE(env_.box.Open(*out->number->sealed_access_token,
                              domain::AccessTokenContext(out->number->internal_id)));
    auto stored = links_.Get(project_, customer_, link.link.id);
    EXPECT_EQ(stored->status, domain::SetupLinkStatus::kUsed);
    EXPECT_EQ(stored->phone_number_id, out->number->phone_number_id);
    EXPECT_TRUE(stored->provisioned_phone_number);
    auto events = env_.store->Events().List(project_, 10);
    ASSERT_EQ(events->size(), 1u);
    EXPECT_EQ((*events)[0].type, domain::kEventPhoneNumberCreated);

    auto again = onboarding_.Complete(link.link.slug, "coexistence");
    ASSERT_TRUE(again);
    EXPECT_FALSE(again->success);
    EXPECT_EQ(again->error_code, "already_used");
}

TEST_F(OnboardingServiceTest, ExpiredAndRevokedLinksFailWithTheirCodes) {
    auto first = NewLink();
    auto second = NewLink();  // revokes the first
    EXPECT_EQ(onboarding_.Complete(first.link.slug, "dedicated")->error_code, "link_revoked");
    env_.clock.Advance(std::chrono::hours(24 * 31));
    EXPECT_EQ(onboarding_.Complete(second.link.slug, "dedicated")->error_code, "link_expired");
    EXPECT_EQ(onboarding_.Open("no-such-slug").error().code, ErrorCode::kNotFound);
}

TEST_F(OnboardingServiceTest, ConnectionTypeMustBeOffered) {
    domain::SetupLinkCreate in;
    in.allowed_connection_types = std::vector<std::string>{"dedicated"};
    auto link = NewLink(in);
    EXPECT_EQ(onboarding_.Complete(link.link.slug, "coexistence").error().code,
              ErrorCode::kInvalidArgument);
    EXPECT_EQ(onboarding_.Complete(link.link.slug, "bogus").error().code,
              ErrorCode::kInvalidArgument);
    // A single offered type may be implied.
    auto out = onboarding_.Complete(link.link.slug, "");
    ASSERT_TRUE(out);
    EXPECT_TRUE(out->success);
    EXPECT_FALSE(out->number->is_coexistence);
}

TEST_F(OnboardingServiceTest, ReconnectRefreshesTheExistingNumberWithoutANewOne) {
    auto first = onboarding_.Complete(NewLink().link.slug, "dedicated");
    ASSERT_TRUE(first && first->success);
    domain::SetupLinkCreate in;
    in.reconnect_phone_number = *first->number->display_phone_number_normalized;
    auto link = links_.Create(project_, customer_, in);
    ASSERT_TRUE(link) << link.error().message;
    auto out = onboarding_.Complete(link->link.slug, "dedicated");
    ASSERT_TRUE(out);
    ASSERT_TRUE(out->success) << out->error_code;
    EXPECT_EQ(out->number->phone_number_id, first->number->phone_number_id);
    domain::PhoneNumberFilter f;
    f.customer_id = customer_;
    EXPECT_EQ(env_.store->PhoneNumbers().List(project_, f, {1, 20})->total_count, 1);
    EXPECT_EQ(env_.store->Events().List(project_, 10)->size(), 1u);  // no second created event
}

TEST_F(OnboardingServiceTest, MetaModeExplainsWhatIsMissingAndKeepsTheLink) {
    upstream::MetaUpstream meta("https://graph.facebook.com", "", "");
    OnboardingService onboarding(*env_.store, meta, env_.box, env_.clock);
    auto link = NewLink();
    auto out = onboarding.Complete(link.link.slug, "dedicated");
    ASSERT_TRUE(out);
    EXPECT_FALSE(out->success);
    EXPECT_EQ(out->error_code, "embedded_signup_unavailable");
    EXPECT_NE(out->error_message.find("--meta-app-id"), std::string::npos);
    EXPECT_EQ(links_.Get(project_, customer_, link.link.id)->status,
              domain::SetupLinkStatus::kActive);
}

}  // namespace
}  // namespace wharf::service
