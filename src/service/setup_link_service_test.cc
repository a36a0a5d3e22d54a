#include "service/setup_link_service.h"

#include <gtest/gtest.h>

#include "service/customer_service.h"
#include "service/project_service.h"
#include "service/testing/service_test_env.h"

namespace wharf::service {
namespace {

class SetupLinkServiceTest : public ::testing::Test {
protected:
    void SetUp() override {
        project_ = projects_.CreateProject("p")->project_id;
        customer_ = customers_.Create(project_, {std::string("Acme"), std::nullopt})->id;
    }
    testing::ServiceTestEnv env_;
    ProjectService projects_{*env_.store, env_.clock};
    CustomerService customers_{*env_.store, env_.clock};
    SetupLinkService links_{*env_.store, env_.clock};
    ProjectId project_;
    CustomerId customer_;
};

TEST_F(SetupLinkServiceTest, OneActiveLinkPerCustomerAlsoOnReactivation) {
    auto a = links_.Create(project_, customer_, {});
    auto b = links_.Create(project_, customer_, {});
    ASSERT_TRUE(a && b);
    EXPECT_NE(a->token, b->token);
    EXPECT_NE(a->link.slug, b->link.slug);
    EXPECT_EQ(links_.Get(project_, customer_, a->link.id)->status,
              domain::SetupLinkStatus::kRevoked);
    domain::SetupLinkPatch reactivate;
    reactivate.status.state = Field<std::string>::State::kValue;
    reactivate.status.value = "active";
    auto r = links_.Update(project_, customer_, a->link.id, reactivate);
    ASSERT_TRUE(r) << r.error().message;
    EXPECT_EQ(r->status, domain::SetupLinkStatus::kActive);
    EXPECT_EQ(links_.Get(project_, customer_, b->link.id)->status,
              domain::SetupLinkStatus::kRevoked);
}

TEST_F(SetupLinkServiceTest, ExpiryIsSeenOnReadAndInTheStatusFilter) {
    auto a = links_.Create(project_, customer_, {});
    env_.clock.Advance(std::chrono::hours(24 * 30) + std::chrono::seconds(1));
    EXPECT_EQ(links_.Get(project_, customer_, a->link.id)->status,
              domain::SetupLinkStatus::kExpired);
    domain::SetupLinkFilter f;
    f.status = domain::SetupLinkStatus::kExpired;
    EXPECT_EQ(links_.List(project_, customer_, f, {1, 20})->total_count, 1);
    f.status = domain::SetupLinkStatus::kActive;
    EXPECT_EQ(links_.List(project_, customer_, f, {1, 20})->total_count, 0);
}

TEST_F(SetupLinkServiceTest, UnknownCustomersAndOtherProjectsAreNotFound) {
    auto other = projects_.CreateProject("q")->project_id;
    EXPECT_EQ(links_.Create(other, customer_, {}).error().code, ErrorCode::kNotFound);
    EXPECT_EQ(links_.List(other, customer_, {}, {1, 20}).error().code, ErrorCode::kNotFound);
    auto a = links_.Create(project_, customer_, {});
    EXPECT_EQ(links_.Get(other, customer_, a->link.id).error().code, ErrorCode::kNotFound);
}

}  // namespace
}  // namespace wharf::service
