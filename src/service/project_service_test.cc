#include "service/project_service.h"

#include <gtest/gtest.h>

#include "service/testing/service_test_env.h"
#include "upstream/sandbox/sandbox_upstream.h"

namespace wharf::service {
namespace {

TEST(ProjectService, BootstrapRunsOnceWithTheFixedKeyAndASandboxNumber) {
    testing::ServiceTestEnv env;
    ProjectService projects(*env.store, env.clock);
    upstream::SandboxUpstream sandbox;
    auto first = projects.Bootstrap(&sandbox, std::string("wharf_fixed_key_for_tests_123"));
    ASSERT_TRUE(first) << first.error().message;
    EXPECT_TRUE(first->first_start);
    EXPECT_EQ(first->api_key, "wharf_fixed_key_for_tests_123");
    ASSERT_TRUE(first->sandbox_phone_number_id);
    auto n = env.store->PhoneNumbers().Get(first->project_id, *first->sandbox_phone_number_id);
    ASSERT_TRUE(n);
    EXPECT_EQ(n->kind, domain::PhoneNumberKind::kSandbox);

    auto second = projects.Bootstrap(&sandbox, std::nullopt);
    ASSERT_TRUE(second);
    EXPECT_FALSE(second->first_start);
    EXPECT_FALSE(second->api_key);
    EXPECT_EQ(second->project_id, first->project_id);
    EXPECT_EQ(second->sandbox_phone_number_id, first->sandbox_phone_number_id);
    EXPECT_EQ(*env.store->Projects().Count(), 1);
}

TEST(ProjectService, KeysAuthenticateUntilRevoked) {
    testing::ServiceTestEnv env;
    ProjectService projects(*env.store, env.clock);
    auto p = projects.CreateProject("acme");
    ASSERT_TRUE(p);
    EXPECT_EQ(p->api_key.rfind("wharf_", 0), 0u);
    auto who = projects.Authenticate(p->api_key);
    ASSERT_TRUE(who);
    EXPECT_EQ(who->project_id, p->project_id);
    EXPECT_EQ(projects.Authenticate("").error().code, ErrorCode::kUnauthenticated);
    EXPECT_EQ(projects.Authenticate("wharf_wrong").error().code, ErrorCode::kUnauthenticated);
    auto second = projects.CreateApiKey(p->project_id, "ci");
    ASSERT_TRUE(second);
    ASSERT_TRUE(projects.RevokeApiKey(p->project_id, p->api_key_id));
    EXPECT_FALSE(projects.Authenticate(p->api_key));
    EXPECT_TRUE(projects.Authenticate(second->api_key));
    EXPECT_EQ(projects.CreateApiKey(ProjectId("nope"), "x").error().code, ErrorCode::kNotFound);
    EXPECT_EQ(projects.CreateProject("  ").error().code, ErrorCode::kInvalidArgument);
}

TEST(ProjectService, CachedKeysExpireAndLocalRevocationIsImmediate) {
    testing::ServiceTestEnv env;
    ProjectService cached(*env.store, env.clock, std::chrono::milliseconds(1000));
    ProjectService elsewhere(*env.store, env.clock);  // another process, e.g. the CLI
    auto p = cached.CreateProject("acme");
    auto second = cached.CreateApiKey(p->project_id, "b");
    ASSERT_TRUE(cached.Authenticate(p->api_key));
    ASSERT_TRUE(elsewhere.RevokeApiKeyByText(p->api_key));
    EXPECT_TRUE(cached.Authenticate(p->api_key));  // still cached
    env.clock.Advance(std::chrono::milliseconds(1001));
    EXPECT_EQ(cached.Authenticate(p->api_key).error().code, ErrorCode::kUnauthenticated);
    ASSERT_TRUE(cached.Authenticate(second->api_key));
    ASSERT_TRUE(cached.RevokeApiKey(p->project_id, second->api_key_id));
    EXPECT_FALSE(cached.Authenticate(second->api_key));  // revoked here: at once
}

}  // namespace
}  // namespace wharf::service
