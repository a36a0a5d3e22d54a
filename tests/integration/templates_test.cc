#include <chrono>
#include <string>
#include <thread>
#include <vector>

#include "domain/template/testing/template_assets.h"
#include "tests/integration/fixture.h"

namespace wharf::testing {
namespace {

namespace bj = boost::json;

// The server with a 50 ms review delay (the reviewer ticks every 250 ms).
class TemplatesTest : public ServerFixture {
protected:
    void SetUp() override {
        ASSERT_NO_FATAL_FAILURE(ServerFixture::SetUp());
        config_.template_review_delay_ms = 50;
        ASSERT_NO_FATAL_FAILURE(Restart());
        waba_ = app_->Bootstrap().sandbox_business_account_id->value();
        base_ = "/meta/whatsapp/v24.0/" + waba_ + "/message_templates";
    }

    static std::string Utility(const std::string& name, const std::string& text,
                               const std::string& language = "en_US") {
        return bj::serialize(
            bj::object{{"name", name},
                       {"language", language},
                       {"category", "UTILITY"},
                       {"components", bj::array{bj::object{{"type", "BODY"}, {"text", text}}}}});
    }

    // Creates a template and returns its id.
    std::string Create(const std::string& body) {
        auto r = client_->Post(base_, body, kKey);
        EXPECT_EQ(r.status, 200) << r.body;
        if (r.status != 200) {
            return "";
        }
        EXPECT_EQ(r.Json().at("status"), "PENDING");
        return std::string(r.Json().at("id").as_string());
    }

    // Polls GET /{id} until the template leaves PENDING (or 5 s pass).
    bj::object AwaitReview(const std::string& id) {
        bj::object t;
        for (int i = 0; i < 100; ++i) {
            auto r = client_->Get("/meta/whatsapp/v24.0/" + id, kKey);
            EXPECT_EQ(r.status, 200) << r.body;
            t = r.Json().as_object();
            if (t.at("status").as_string() != "PENDING") {
                break;
            }
            std::this_thread::sleep_for(std::chrono::milliseconds(50));
        }
        return t;
    }

    std::vector<std::string> ListNames(const std::string& query) {
        auto r = client_->Get(base_ + query, kKey);
        EXPECT_EQ(r.status, 200) << r.body;
        std::vector<std::string> out;
        if (r.status == 200) {
            auto body = r.Json();
            for (const auto& t : body.at("data").as_array()) {
                out.emplace_back(t.at("name").as_string());
            }
        }
        return out;
    }

    std::string waba_;
    std::string base_;
};

void ExpectGraphError(const TestResponse& r, int status, int code) {
    EXPECT_EQ(r.status, status) << r.body;
    if (r.status == status) {
        EXPECT_EQ(r.Json().at("error").at("code"), code) << r.body;
    }
}

TEST_F(TemplatesTest, EveryKapsoAssetIsAcceptedAndApproved) {
    for (std::string_view asset :
         {domain::testing::kTemplateAuthenticationOtp,
          domain::testing::kTemplateMarketingMediaHeader, domain::testing::kTemplateUtilityNamed,
          domain::testing::kTemplateUtilityOrderStatusUpdate}) {
        auto r = client_->Post(base_, std::string(asset), kKey);
        ASSERT_EQ(r.status, 200) << r.body;
        auto created = r.Json().as_object();
        EXPECT_EQ(created.at("status"), "PENDING");
        EXPECT_EQ(created.at("category"), bj::parse(asset).at("category"));
        EXPECT_EQ(created.size(), 3u);
        std::string id(created.at("id").as_string());
        auto t = AwaitReview(id);
        EXPECT_EQ(t.at("status"), "APPROVED") << asset;
        EXPECT_EQ(t.at("name"), bj::parse(asset).at("name"));
        EXPECT_EQ(t.at("components"), bj::parse(asset).at("components"));
        EXPECT_FALSE(t.contains("rejected_reason"));
    }
}

TEST_F(TemplatesTest, PromotionalUtilityIsRejectedWithIncorrectCategory) {
    std::string id = Create(Utility("flash_note", "Shop now: 20% off everything"));
    auto t = AwaitReview(id);
    EXPECT_EQ(t.at("status"), "REJECTED");
    EXPECT_EQ(t.at("rejected_reason"), "INCORRECT_CATEGORY");
    // The decision is in the outbox with Meta's webhook body.
    auto events = Db().Events().List(app_->Bootstrap().project_id, 100);
    ASSERT_TRUE(events);
    bool found = false;
    for (const auto& e : *events) {
        if (e.type != "message_template_status_update") {
            continue;
        }
        found = true;
        auto payload = bj::parse(e.payload);
        EXPECT_EQ(payload.at("event"), "REJECTED");
        EXPECT_EQ(payload.at("message_template_id").as_string(), id);
        EXPECT_EQ(payload.at("reason"), "INCORRECT_CATEGORY");
        ASSERT_TRUE(e.meta_payload);
        auto meta = bj::parse(*e.meta_payload);
        EXPECT_EQ(meta.at("entry").at(0).at("id").as_string(), waba_);
        EXPECT_EQ(meta.at("entry").at(0).at("changes").at(0).at("field"),
                  "message_template_status_update");
    }
    EXPECT_TRUE(found);
}

TEST_F(TemplatesTest, ListFiltersPagingAndFields) {
    std::vector<std::string> ids{
        Create(Utility("alpha", "Hello one")), Create(Utility("alpha", "Hallo eins", "de")),
        Create(Utility("beta", "Hello two")),
        Create(bj::serialize(bj::parse(domain::testing::kTemplateMarketingMediaHeader)))};
    for (const auto& id : ids) {
        AwaitReview(id);
    }
    EXPECT_EQ(ListNames("?status=APPROVED").size(), 4u);
    EXPECT_TRUE(ListNames("?status=pending").empty());
    EXPECT_EQ(ListNames("").size(), 4u);
    EXPECT_EQ(ListNames("?name=alpha").size(), 2u);
    EXPECT_EQ(ListNames("?name=alpha&language=de").size(), 1u);
    EXPECT_EQ(ListNames("?category=MARKETING").size(), 1u);
    EXPECT_EQ(ListNames("?category=utility").size(), 3u);

    auto first = client_->Get(base_ + "?limit=3", kKey);
    ASSERT_EQ(first.status, 200) << first.body;
    auto page1 = first.Json().as_object();
    EXPECT_EQ(page1.at("data").as_array().size(), 3u);
    ASSERT_TRUE(page1.at("paging").at("next").is_string());
    std::string after(page1.at("paging").at("cursors").at("after").as_string());
    auto second = client_->Get(base_ + "?limit=3&after=" + after, kKey);
    ASSERT_EQ(second.status, 200) << second.body;
    auto page2 = second.Json().as_object();
    ASSERT_EQ(page2.at("data").as_array().size(), 1u);
    EXPECT_TRUE(page2.at("paging").at("next").is_null());

    auto projected = client_->Get(base_ + "?fields=name,status&limit=1", kKey);
    ASSERT_EQ(projected.status, 200);
    auto one = projected.Json().at("data").at(0).as_object();
    EXPECT_EQ(one.size(), 3u);  // id + name + status
    EXPECT_TRUE(one.contains("id"));
    EXPECT_TRUE(one.contains("status"));

    ExpectGraphError(client_->Get(base_ + "?status=NOPE", kKey), 400, 100);
    ExpectGraphError(client_->Get(base_ + "?category=SPAM", kKey), 400, 100);
    ExpectGraphError(client_->Get(base_ + "?limit=0", kKey), 400, 100);
    ExpectGraphError(client_->Get(base_ + "?after=garbage", kKey), 400, 100);
}

TEST_F(TemplatesTest, GetByWabaPathAndByNodeIdNumbersStillResolve) {
    std::string id = Create(Utility("gamma", "Hello three"));
    auto by_waba = client_->Get(base_ + "/" + id, kKey);
    ASSERT_EQ(by_waba.status, 200) << by_waba.body;
    EXPECT_EQ(by_waba.Json().at("name"), "gamma");
    EXPECT_EQ(by_waba.Json().at("language"), "en_US");
    EXPECT_EQ(by_waba.Json().at("category"), "UTILITY");
    EXPECT_EQ(by_waba.Json().at("parameter_format"), "POSITIONAL");
    auto node = client_->Get("/meta/whatsapp/v24.0/" + id + "?fields=name", kKey);
    ASSERT_EQ(node.status, 200) << node.body;
    EXPECT_EQ(node.Json().as_object().size(), 2u);
    // The phone number node is still the phone number.
    std::string pn = app_->Bootstrap().sandbox_phone_number_id->value();
    auto number = client_->Get("/meta/whatsapp/v24.0/" + pn, kKey);
    ASSERT_EQ(number.status, 200);
    EXPECT_EQ(number.Json().at("platform_type"), "CLOUD_API");
    ExpectGraphError(client_->Get(base_ + "/123456789", kKey), 404, 100);
    ExpectGraphError(client_->Get("/meta/whatsapp/v24.0/123456789", kKey), 404, 100);
}

TEST_F(TemplatesTest, EditRules) {
    std::string id = Create(Utility("delta", "Your parcel shipped"));
    std::string edit = bj::serialize(bj::object{
        {"components", bj::array{bj::object{{"type", "BODY"}, {"text", "Your parcel is out"}}}}});
    // PENDING is not editable.
    ExpectGraphError(client_->Post(base_ + "?hsm_id=" + id, edit, kKey), 400, 100);
    ASSERT_EQ(AwaitReview(id).at("status"), "APPROVED");
    // An approved template keeps its category.
    ExpectGraphError(
        client_->Post("/meta/whatsapp/v24.0/" + id, R"({"category":"MARKETING"})", kKey), 400, 100);
    // Name and language never change.
    ExpectGraphError(client_->Post(base_ + "?hsm_id=" + id, R"({"name":"other"})", kKey), 400, 100);
    auto ok = client_->Post(base_ + "?hsm_id=" + id, edit, kKey);
    ASSERT_EQ(ok.status, 200) << ok.body;
    EXPECT_EQ(ok.Json().at("success"), true);
    auto t = AwaitReview(id);
    EXPECT_EQ(t.at("status"), "APPROVED");
    EXPECT_EQ(t.at("components").at(0).at("text"), "Your parcel is out");
    // POST /{template_id} edits too.
    ok = client_->Post("/meta/whatsapp/v24.0/" + id, Utility("delta", "Your parcel arrives today"),
                       kKey);
    ASSERT_EQ(ok.status, 200) << ok.body;
    EXPECT_EQ(AwaitReview(id).at("components").at(0).at("text"), "Your parcel arrives today");
    // PUT needs hsm_id; unknown ids are not found.
    ExpectGraphError(client_->Send("PUT", base_, edit, {{"X-API-Key", kKey}}), 400, 100);
    ExpectGraphError(client_->Post(base_ + "?hsm_id=123456789", edit, kKey), 404, 100);
}

TEST_F(TemplatesTest, ARejectedTemplateFixedWithPutIsApproved) {
    std::string id = Create(Utility("kappa", "Huge discount for you"));
    ASSERT_EQ(AwaitReview(id).at("status"), "REJECTED");
    auto fixed = client_->Send("PUT", base_ + "?hsm_id=" + id,
                               R"({"components":[{"type":"BODY","text":"Your receipt"}]})",
                               {{"X-API-Key", kKey}});
    ASSERT_EQ(fixed.status, 200) << fixed.body;
    auto t = AwaitReview(id);
    EXPECT_EQ(t.at("status"), "APPROVED");
    EXPECT_FALSE(t.contains("rejected_reason"));
}

TEST_F(TemplatesTest, APendingTemplateIsReviewedAfterARestart) {
    config_.template_review_delay_ms = 300;
    ASSERT_NO_FATAL_FAILURE(Restart());
    std::string id = Create(Utility("lambda", "Hello"));
    ASSERT_NO_FATAL_FAILURE(Restart());
    EXPECT_EQ(AwaitReview(id).at("status"), "APPROVED");
}

TEST_F(TemplatesTest, DeleteByNameAndByHsmId) {
    std::string en = Create(Utility("epsilon", "Hello"));
    std::string de = Create(Utility("epsilon", "Hallo", "de"));
    std::string pt = Create(Utility("epsilon", "Ola", "pt_BR"));
    Create(Utility("zeta", "Hello"));
    auto one = client_->Delete(base_ + "?name=epsilon&hsm_id=" + de, kKey);
    ASSERT_EQ(one.status, 200) << one.body;
    EXPECT_EQ(one.Json().at("success"), true);
    EXPECT_EQ(ListNames("?name=epsilon").size(), 2u);
    ExpectGraphError(client_->Get(base_ + "/" + de, kKey), 404, 100);
    auto all = client_->Delete(base_ + "?name=epsilon", kKey);
    ASSERT_EQ(all.status, 200) << all.body;
    EXPECT_TRUE(ListNames("?name=epsilon").empty());
    EXPECT_EQ(ListNames("").size(), 1u);
    ExpectGraphError(client_->Delete(base_ + "?name=epsilon", kKey), 400, 100);
    ExpectGraphError(client_->Delete(base_, kKey), 400, 100);
    (void)en;
    (void)pt;
}

TEST_F(TemplatesTest, AnotherProjectsWabaAndTemplatesAreNotFound) {
    std::string id = Create(Utility("eta", "Hello"));
    std::string other = CreateOtherProjectKey();
    ExpectGraphError(client_->Get(base_, other), 404, 100);
    ExpectGraphError(client_->Post(base_, Utility("theta", "Hello"), other), 404, 100);
    ExpectGraphError(client_->Get("/meta/whatsapp/v24.0/" + id, other), 404, 100);
    ExpectGraphError(client_->Delete(base_ + "?name=eta", other), 404, 100);
    ExpectGraphError(client_->Get("/meta/whatsapp/v24.0/987654321/message_templates", kKey), 404,
                     100);
    EXPECT_EQ(ListNames("").size(), 1u);
}

TEST_F(TemplatesTest, BadInputsAreGraphErrorsAndStoreNothing) {
    for (
        const std::string& body : std::vector<std::string>{
            "not json",
            "[]",
            "{}",
            Utility("Bad Name", "Hello"),
            Utility("ok_name", "Hello", "xx_XX"),
            R"({"name":"x","language":"en_US","category":"SPAM","components":[{"type":"BODY","text":"Hi"}]})",
            R"({"name":"x","language":"en_US","category":"UTILITY","components":[]})",
            R"({"name":"x","language":"en_US","category":"UTILITY","components":[{"type":"BODY","text":"Hi {{1}}"}]})",
        }) {
        auto r = client_->Post(base_, body, kKey);
        EXPECT_EQ(r.status, 400) << body << " -> " << r.body;
        EXPECT_EQ(r.Json().at("error").at("code"), 100) << body;
    }
    EXPECT_TRUE(ListNames("").empty());
    Create(Utility("iota", "Hello"));
    auto dup = client_->Post(base_, Utility("iota", "Hello again"), kKey);
    ExpectGraphError(dup, 400, 100);
    EXPECT_EQ(dup.Json().at("error").at("error_subcode"), 2388024);
    EXPECT_EQ(ListNames("").size(), 1u);
}

}  // namespace
}  // namespace wharf::testing
