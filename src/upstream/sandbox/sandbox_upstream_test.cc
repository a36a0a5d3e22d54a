#include "upstream/sandbox/sandbox_upstream.h"

#include <gtest/gtest.h>

namespace wharf::upstream {
namespace {

TEST(SandboxUpstream, ProvisionsANumberInTheRequestedUsAreaCode) {
    SandboxUpstream up;
    SignupRequest req;
    req.customer_name = "Acme";
    req.provision_phone_number = true;
    req.country_isos = {"US"};
    req.area_code = "415";
    req.connection_type = domain::ConnectionType::kCoexistence;
    auto r = up.CompleteEmbeddedSignup(req);
    ASSERT_TRUE(r);
    EXPECT_EQ(r->display_phone_number_normalized.substr(0, 4), "1415");
    EXPECT_EQ(r->display_phone_number_normalized.size(), 11u);
    EXPECT_TRUE(r->is_coexistence);
    ASSERT_TRUE(r->provisioned);
    EXPECT_EQ(r->provisioned->area_code, "415");
    EXPECT_EQ(r->provisioned->country_dial_code, "1");
    EXPECT_NE(r->phone_number_id, r->business_account_id);
}

TEST(SandboxUpstream, NoProvisioningMeansNoProvisionedNumber) {
    SandboxUpstream up;
    SignupRequest req;
    req.customer_name = "Acme";
    req.country_isos = {"BR"};
    auto r = up.CompleteEmbeddedSignup(req);
    ASSERT_TRUE(r);
    EXPECT_FALSE(r->provisioned);
    EXPECT_EQ(r->display_phone_number_normalized.substr(0, 2), "55");
    EXPECT_FALSE(r->is_coexistence);
}

}  // namespace
}  // namespace wharf::upstream
