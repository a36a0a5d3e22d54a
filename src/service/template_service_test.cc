#include "service/template_service.h"

#include <gtest/gtest.h>

#include "domain/template/testing/template_assets.h"
#include "service/project_service.h"
#include "service/testing/service_test_env.h"
#include "upstream/sandbox/sandbox_upstream.h"

namespace wharf::service {
namespace {

namespace bj = boost::json;
using domain::TemplateStatus;

class TemplateServiceTest : public ::testing::Test {
protected:
    void SetUp() override {
        upstream::SandboxUpstream sandbox;
        auto boot = projects_.Bootstrap(&sandbox, std::nullopt);
        ASSERT_TRUE(boot);
        project_ = boot->project_id;
        auto number = env_.store->PhoneNumbers().Get(project_, *boot->sandbox_phone_number_id);
        ASSERT_TRUE(number);
        waba_ = number->business_account_id;
    }
    static bj::object Body(std::string_view text) { return bj::parse(text).as_object(); }
    static bj::object Utility(const std::string& name, const std::string& body) {
        return bj::object{{"name", name},
                          {"language", "en_US"},
                          {"category", "UTILITY"},
                          {"components", bj::array{bj::object{{"type", "BODY"}, {"text", body}}}}};
    }
    std::vector<domain::Event> Events() {
        auto events = env_.store->Events().List(project_, 100);
        EXPECT_TRUE(events);
        return events ? *events : std::vector<domain::Event>{};
    }

    testing::ServiceTestEnv env_;
    ProjectService projects_{*env_.store, env_.clock};
    TemplateService templates_{*env_.store, env_.clock,
                               TemplateServiceOptions{std::chrono::milliseconds(2000)}};
    ProjectId project_;
    BusinessAccountId waba_;
};

TEST_F(TemplateServiceTest, CreatedTemplatesArePendingUntilTheReviewDelayThenApproved) {
    auto created = templates_.Create(project_, waba_,
                                     Body(domain::testing::kTemplateUtilityOrderStatusUpdate));
    ASSERT_TRUE(created) << created.error().message;
    EXPECT_EQ(created->tmpl.status, TemplateStatus::kPending);
    EXPECT_EQ(created->tmpl.id.size(), 16u);
    env_.clock.Advance(std::chrono::milliseconds(1999));
    EXPECT_EQ(*templates_.ReviewDue(), 0);
    EXPECT_EQ(templates_.Get(project_, waba_, created->tmpl.id)->tmpl.status,
              TemplateStatus::kPending);
    env_.clock.Advance(std::chrono::milliseconds(1));
    EXPECT_EQ(*templates_.ReviewDue(), 1);
    EXPECT_EQ(*templates_.ReviewDue(), 0);
    auto got = templates_.Get(project_, std::nullopt, created->tmpl.id);
    ASSERT_TRUE(got);
    EXPECT_EQ(got->tmpl.status, TemplateStatus::kApproved);
    EXPECT_FALSE(got->review_due_at.has_value());

    auto events = Events();
    ASSERT_EQ(events.size(), 1u);
    EXPECT_EQ(events[0].type, "message_template_status_update");
    EXPECT_FALSE(events[0].phone_number_id.has_value());
    auto payload = bj::parse(events[0].payload).as_object();
    EXPECT_EQ(payload.at("event"), "APPROVED");
    EXPECT_EQ(payload.at("message_template_id").as_string(), created->tmpl.id);
    EXPECT_EQ(payload.at("message_template_name"), "order_status_update");
    EXPECT_EQ(payload.at("reason"), "NONE");
    ASSERT_TRUE(events[0].meta_payload);
    auto meta = bj::parse(*events[0].meta_payload).as_object();
    EXPECT_EQ(meta.at("object"), "whatsapp_business_account");
    const auto& entry = meta.at("entry").as_array()[0].as_object();
    EXPECT_EQ(entry.at("id").as_string(), waba_.value());
    const auto& change = entry.at("changes").as_array()[0].as_object();
    EXPECT_EQ(change.at("field"), "message_template_status_update");
    EXPECT_EQ(change.at("value").at("event"), "APPROVED");
    EXPECT_TRUE(change.at("value").at("message_template_id").is_int64());
}

TEST_F(TemplateServiceTest, PromotionalUtilityIsRejectedWithIncorrectCategory) {
    auto created =
        templates_.Create(project_, waba_, Utility("promo_note", "Big sale: 20% off today"));
    ASSERT_TRUE(created);
    env_.clock.Advance(std::chrono::seconds(3));
    EXPECT_EQ(*templates_.ReviewDue(), 1);
    auto got = templates_.Get(project_, waba_, created->tmpl.id);
    EXPECT_EQ(got->tmpl.status, TemplateStatus::kRejected);
    EXPECT_EQ(got->tmpl.rejected_reason, std::optional<std::string>("INCORRECT_CATEGORY"));
    auto events = Events();
    ASSERT_EQ(events.size(), 1u);
    auto payload = bj::parse(events[0].payload).as_object();
    EXPECT_EQ(payload.at("event"), "REJECTED");
    EXPECT_EQ(payload.at("reason"), "INCORRECT_CATEGORY");
}

TEST_F(TemplateServiceTest, UnknownWabaAndDuplicatesAndInvalidTemplatesStoreNothing) {
    auto other =
        templates_.Create(project_, BusinessAccountId("999999"), Utility("hello", "Hello there"));
    ASSERT_FALSE(other);
    EXPECT_EQ(other.error().code, ErrorCode::kNotFound);
    EXPECT_EQ(other.error().field, std::optional<std::string>("waba_id"));

    ASSERT_TRUE(templates_.Create(project_, waba_, Utility("hello", "Hello there")));
    auto dup = templates_.Create(project_, waba_, Utility("hello", "Hello again"));
    ASSERT_FALSE(dup);
    EXPECT_EQ(dup.error().code, ErrorCode::kAlreadyExists);
    ASSERT_TRUE(dup.error().graph);
    EXPECT_EQ(dup.error().graph->subcode, std::optional<int>(2388024));

    auto bad = templates_.Create(project_, waba_, Utility("Bad Name", "Hello"));
    ASSERT_FALSE(bad);
    EXPECT_EQ(bad.error().code, ErrorCode::kInvalidArgument);
    auto page = templates_.List(project_, waba_, {}, domain::KeysetRequest{});
    ASSERT_TRUE(page);
    EXPECT_EQ(page->items.size(), 1u);
}

TEST_F(TemplateServiceTest, EditRulesPendingNotEditableApprovedCategoryKept) {
    auto created = templates_.Create(project_, waba_, Utility("ship_note", "Your parcel shipped"));
    ASSERT_TRUE(created);
    std::string id = created->tmpl.id;
    bj::object edit{
        {"components", bj::array{bj::object{{"type", "BODY"}, {"text", "Your parcel is out"}}}}};
    auto pending = templates_.Update(project_, waba_, id, edit);
    ASSERT_FALSE(pending);
    EXPECT_EQ(pending.error().code, ErrorCode::kFailedPrecondition);

    env_.clock.Advance(std::chrono::seconds(3));
    ASSERT_EQ(*templates_.ReviewDue(), 1);
    auto recategorize =
        templates_.Update(project_, std::nullopt, id, bj::object{{"category", "MARKETING"}});
    ASSERT_FALSE(recategorize);
    EXPECT_EQ(recategorize.error().field, std::optional<std::string>("category"));

    auto edited = templates_.Update(project_, std::nullopt, id, edit);
    ASSERT_TRUE(edited) << edited.error().message;
    EXPECT_EQ(edited->tmpl.status, TemplateStatus::kPending);
    auto got = templates_.Get(project_, std::nullopt, id);
    EXPECT_EQ(got->tmpl.body.text, "Your parcel is out");
    EXPECT_EQ(got->tmpl.status, TemplateStatus::kPending);
    env_.clock.Advance(std::chrono::seconds(3));
    EXPECT_EQ(*templates_.ReviewDue(), 1);
    EXPECT_EQ(templates_.Get(project_, std::nullopt, id)->tmpl.status, TemplateStatus::kApproved);
    EXPECT_EQ(Events().size(), 2u);
}

TEST_F(TemplateServiceTest, DeleteByNameEveryLanguageOrOneByHsmId) {
    auto en = templates_.Create(project_, waba_, Utility("greeting", "Hello"));
    auto de_body = Utility("greeting", "Hallo");
    de_body["language"] = "de";
    auto de = templates_.Create(project_, waba_, de_body);
    auto pt_body = Utility("greeting", "Ola");
    pt_body["language"] = "pt_BR";
    auto pt = templates_.Create(project_, waba_, pt_body);
    ASSERT_TRUE(en && de && pt);

    auto mismatch = templates_.Delete(project_, waba_, {"other", de->tmpl.id, std::nullopt});
    ASSERT_FALSE(mismatch);
    EXPECT_EQ(mismatch.error().code, ErrorCode::kInvalidArgument);
    EXPECT_EQ(*templates_.Delete(project_, waba_, {"greeting", de->tmpl.id, std::nullopt}), 1);
    EXPECT_EQ(*templates_.Delete(project_, waba_, {"greeting", std::nullopt, "pt_BR"}), 1);
    EXPECT_EQ(*templates_.Delete(project_, waba_, {"greeting", std::nullopt, std::nullopt}), 1);
    auto none = templates_.Delete(project_, waba_, {"greeting", std::nullopt, std::nullopt});
    ASSERT_FALSE(none);
    EXPECT_EQ(none.error().code, ErrorCode::kNotFound);
    auto neither = templates_.Delete(project_, waba_, {});
    ASSERT_FALSE(neither);
    EXPECT_EQ(neither.error().code, ErrorCode::kInvalidArgument);
}

TEST_F(TemplateServiceTest, ADeletedPendingTemplateIsNeverReviewed) {
    auto created = templates_.Create(project_, waba_, Utility("gone", "Hello"));
    ASSERT_TRUE(created);
    ASSERT_TRUE(templates_.Delete(project_, waba_, {"gone", std::nullopt, std::nullopt}));
    env_.clock.Advance(std::chrono::seconds(3));
    EXPECT_EQ(*templates_.ReviewDue(), 0);
    EXPECT_TRUE(Events().empty());
}

}  // namespace
}  // namespace wharf::service
