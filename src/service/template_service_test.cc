#include "service/template_service.h"

#include <gtest/gtest.h>

#include "domain/template/testing/template_assets.h"
#include "service/project_service.h"
#include "service/testing/service_test_env.h"
#include "upstream/meta/graph_errors.h"
#include "upstream/sandbox/sandbox_upstream.h"
#include "upstream/testing/fake_graph_client.h"

namespace wharf::service {
namespace {

namespace bj = boost::json;
using domain::TemplateStatus;

// The local result of a call on a local (sandbox) WABA; a Meta answer is a test failure.
template <class T>
Result<T> Local(Result<TemplateAnswer<T>> r) {
    if (!r) {
        return Fail(std::move(r).error());
    }
    if (auto* meta = std::get_if<MetaAnswer>(&*r)) {
        ADD_FAILURE() << "unexpected Meta answer " << meta->body;
        return Fail(Error::Internal("answered by Meta"));
    }
    return std::get<T>(std::move(*r));
}

// Meta's body of a call on a Meta WABA; a local result is a test failure.
template <class T>
Result<std::string> Meta(Result<TemplateAnswer<T>> r) {
    if (!r) {
        return Fail(std::move(r).error());
    }
    if (auto* meta = std::get_if<MetaAnswer>(&*r)) {
        return meta->body;
    }
    ADD_FAILURE() << "unexpected local answer";
    return Fail(Error::Internal("answered locally"));
}

// A TemplateService seen through its local answers (every WABA of these tests is local).
struct LocalTemplates {
    TemplateService& s;

    Result<domain::KeysetPage<domain::TemplateRecord>> List(const ProjectId& project,
                                                            const BusinessAccountId& waba,
                                                            const domain::TemplateFilter& filter,
                                                            const domain::KeysetRequest& page) {
        return Local(s.List(project, waba, TemplateListRequest{{}, filter, page}));
    }
    Result<domain::TemplateRecord> Get(const ProjectId& project,
                                       const std::optional<BusinessAccountId>& waba,
                                       const std::string& id) {
        return Local(s.Get(project, waba, id));
    }
    Result<domain::TemplateRecord> Create(const ProjectId& project, const BusinessAccountId& waba,
                                          const bj::object& body) {
        return Local(s.Create(project, waba, body));
    }
    Result<domain::TemplateRecord> Update(const ProjectId& project,
                                          const std::optional<BusinessAccountId>& waba,
                                          const std::string& id, const bj::object& edit) {
        return Local(s.Update(project, waba, id, edit));
    }
    Result<int> Delete(const ProjectId& project, const BusinessAccountId& waba,
                       const TemplateDeletion& what) {
        return Local(s.Delete(project, waba, what));
    }
    Result<int> ReviewDue(int limit = 100) { return s.ReviewDue(limit); }
};

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
    TemplateService service_{*env_.store, env_.clock,
                             TemplateServiceOptions{std::chrono::milliseconds(2000)}};
    LocalTemplates templates_{service_};
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

// Meta mode: a fake Graph, the bootstrap project's sandbox number (a local WABA) and, once
// AddProductionNumbers ran, two production numbers on Meta's WABA kMetaWaba (the older without
// a token, so kTokenTwo is that WABA's) and one on kOtherWaba.
class MetaTemplateServiceTest : public TemplateServiceTest {
protected:
    static constexpr const char* kMetaWaba = "102290129340398";
    static constexpr const char* kOtherWaba = "102290129340777";
    static constexpr const char* kTokenOne = "EAAG-token-one";
    static constexpr const char* kTokenTwo = "EAAG-token-two";
    static constexpr const char* kTokenOther = "EAAG-token-other";

    void AddNumber(const std::string& id, const std::string& waba, domain::PhoneNumberKind kind,
                   std::optional<std::string> token) {
        domain::PhoneNumber n;
        n.internal_id = PhoneConfigId(NewUuid());
        n.phone_number_id = PhoneNumberId(id);
        n.business_account_id = BusinessAccountId(waba);
        n.name = "Line " + id;
        n.kind = kind;
        if (token) {
            n.sealed_access_token =
                env_.box.Seal(*token, domain::AccessTokenContext(n.internal_id));
        }
        n.created_at = n.updated_at = env_.clock.Now();
        ASSERT_TRUE(env_.store->PhoneNumbers().Insert(project_, n));
        env_.clock.Advance(std::chrono::seconds(1));
    }
    void AddProductionNumbers() {
        // The project's oldest production number is on kOtherWaba: the token of template ids
        // the store does not know.
        AddNumber("106540352240001", kOtherWaba, domain::PhoneNumberKind::kProduction, kTokenOther);
        AddNumber("106540352240002", kMetaWaba, domain::PhoneNumberKind::kProduction, std::nullopt);
        AddNumber("106540352240003", kMetaWaba, domain::PhoneNumberKind::kProduction, kTokenOne);
        AddNumber("106540352240004", kMetaWaba, domain::PhoneNumberKind::kProduction, kTokenTwo);
    }
    static Error MetaError(long status, std::string_view body) {
        return upstream::GraphResponseError(status, body);
    }
    std::vector<domain::TemplateRecord> Stored(const BusinessAccountId& waba) {
        auto page = env_.store->Templates().List(project_, waba, {}, domain::KeysetRequest{});
        EXPECT_TRUE(page);
        return page ? page->items : std::vector<domain::TemplateRecord>{};
    }

    upstream::testing::FakeGraphClient graph_;
    TemplateService meta_{*env_.store, env_.clock,
                          TemplateServiceOptions{std::chrono::milliseconds(2000)}, &graph_,
                          &env_.box};
    BusinessAccountId meta_waba_{kMetaWaba};
};

TEST_F(MetaTemplateServiceTest, ListGoesToGraphWithTheCallersQueryAndAnswersMetasBody) {
    AddProductionNumbers();
    std::string body =
        R"({"data":[{"name":"order_update","status":"APPROVED","id":"1627019861106475"}],)"
        R"("paging":{"cursors":{"before":"QVFI","after":"QVFIUm"}}})";
    graph_.Script(upstream::GraphJson{body});
    TemplateListRequest request{
        {{"name", "order_update"},
         {"status", "APPROVED"},
         {"order", "DESC"},
         {"fields", "name,status"},
         {"limit", "5"},
         {"after", "QVFIUmxxx"},
         {"access_token", "x"},
         {"category", "UTILITY"},
         {"language", "en_US"},
         {"before", "QVFI"}},
        // Meta's cursors are not ours: the local parse failed, which matters only locally.
        Fail(Error::InvalidArgument("bad status")),
        Fail(Error::InvalidArgument("bad cursor"))};
    auto r = Meta(meta_.List(project_, meta_waba_, request));
    ASSERT_TRUE(r) << r.error().message;
    EXPECT_EQ(*r, body);  // byte for byte
    auto calls = graph_.Calls();
    ASSERT_EQ(calls.size(), 1u);
    EXPECT_EQ(calls[0].method, "GET");
    EXPECT_EQ(calls[0].path, std::string("/") + kMetaWaba + "/message_templates");
    EXPECT_EQ(calls[0].token, kTokenOne);  // the WABA's oldest number with a token
    upstream::GraphQuery expected{{"name", "order_update"},  {"status", "APPROVED"},
                                  {"fields", "name,status"}, {"limit", "5"},
                                  {"after", "QVFIUmxxx"},    {"category", "UTILITY"},
                                  {"language", "en_US"},     {"before", "QVFI"}};
    EXPECT_EQ(calls[0].query, expected);
}

TEST_F(MetaTemplateServiceTest, WritesGoToGraphAndNothingIsStoredOrReviewed) {
    AddProductionNumbers();
    graph_.Script(upstream::GraphJson{
        R"({"id":"1627019861106475","status":"PENDING","category":"UTILITY"})"});
    auto body = Body(domain::testing::kTemplateUtilityOrderStatusUpdate);
    auto created = Meta(meta_.Create(project_, meta_waba_, body));
    ASSERT_TRUE(created) << created.error().message;
    EXPECT_EQ(*created, R"({"id":"1627019861106475","status":"PENDING","category":"UTILITY"})");

    // Not even validated here: Meta decides (Kapso keeps no draft state).
    auto odd = Meta(meta_.Create(project_, meta_waba_, bj::object{{"name", "Bad Name"}}));
    ASSERT_TRUE(odd);

    bj::object edit{{"components", bj::array{bj::object{{"type", "BODY"}, {"text", "Hi"}}}}};
    ASSERT_TRUE(Meta(meta_.Update(project_, meta_waba_, "1627019861106475", edit)));
    ASSERT_TRUE(Meta(meta_.Delete(project_, meta_waba_, {"order_update", std::nullopt, "en_US"})));
    ASSERT_TRUE(Meta(
        meta_.Delete(project_, meta_waba_, {"order_update", "1627019861106475", std::nullopt})));
    ASSERT_TRUE(Meta(meta_.Get(project_, meta_waba_, "1627019861106475",
                               {{"fields", "name,components"}, {"limit", "1"}})));

    auto calls = graph_.Calls();
    ASSERT_EQ(calls.size(), 6u);
    EXPECT_EQ(calls[0].method, "POST");
    EXPECT_EQ(calls[0].path, std::string("/") + kMetaWaba + "/message_templates");
    EXPECT_EQ(bj::parse(calls[0].body), bj::value(body));
    EXPECT_EQ(calls[2].method, "POST");
    EXPECT_EQ(calls[2].path, "/1627019861106475");
    EXPECT_EQ(bj::parse(calls[2].body), bj::value(edit));
    EXPECT_EQ(calls[3].method, "DELETE");
    EXPECT_EQ(calls[3].path, std::string("/") + kMetaWaba + "/message_templates");
    EXPECT_EQ(calls[3].query,
              (upstream::GraphQuery{{"name", "order_update"}, {"language", "en_US"}}));
    EXPECT_EQ(calls[4].query,
              (upstream::GraphQuery{{"name", "order_update"}, {"hsm_id", "1627019861106475"}}));
    EXPECT_EQ(calls[5].method, "GET");
    EXPECT_EQ(calls[5].path, "/1627019861106475");
    EXPECT_EQ(calls[5].query, (upstream::GraphQuery{{"fields", "name,components"}}));
    for (const auto& c : calls) {
        EXPECT_EQ(c.token, kTokenOne);
    }

    EXPECT_TRUE(Stored(meta_waba_).empty());
    env_.clock.Advance(std::chrono::seconds(10));
    EXPECT_EQ(*meta_.ReviewDue(), 0);
    EXPECT_TRUE(Events().empty());
}

TEST_F(MetaTemplateServiceTest, MetasErrorsArePassedThroughUnchanged) {
    AddProductionNumbers();
    graph_.Script(Fail(MetaError(400, R"({"error":{"message":"Invalid parameter",
        "type":"OAuthException","code":100,"error_subcode":2388024,"is_transient":false,
        "error_user_title":"Content in this language already exists",
        "error_user_msg":"Pick another name.","fbtrace_id":"AbC123"}})")));
    auto dup = meta_.Create(project_, meta_waba_, Utility("hello", "Hello there"));
    ASSERT_FALSE(dup);
    EXPECT_EQ(dup.error().code, ErrorCode::kInvalidArgument);
    EXPECT_EQ(dup.error().message, "Invalid parameter");
    ASSERT_TRUE(dup.error().graph);
    EXPECT_EQ(dup.error().graph->code, 100);
    EXPECT_EQ(dup.error().graph->subcode, std::optional<int>(2388024));
    EXPECT_EQ(dup.error().graph->fbtrace_id, std::optional<std::string>("AbC123"));
    EXPECT_EQ(dup.error().graph->user_msg, std::optional<std::string>("Pick another name."));

    graph_.Script(Fail(MetaError(400, R"({"error":{"message":"Unsupported get request.",
        "type":"GraphMethodException","code":100,"error_subcode":33,"fbtrace_id":"X1"}})")));
    auto missing = meta_.Get(project_, std::nullopt, "999000111");
    ASSERT_FALSE(missing);
    EXPECT_EQ(missing.error().graph->subcode, std::optional<int>(33));
    EXPECT_EQ(missing.error().graph->type, "GraphMethodException");

    graph_.Script(Fail(upstream::GraphTransportError(upstream::GraphTransportFailure::kNotSent,
                                                     "Connection refused")));
    auto down = meta_.List(project_, meta_waba_, TemplateListRequest{{}, {}, {}});
    ASSERT_FALSE(down);
    EXPECT_EQ(down.error().graph->code, 2);
    EXPECT_TRUE(Stored(meta_waba_).empty());
}

TEST_F(MetaTemplateServiceTest, SandboxWabasKeepTheLocalStoreAndTheReviewerInMetaMode) {
    AddProductionNumbers();
    auto created = Local(meta_.Create(project_, waba_, Utility("hello", "Hello there")));
    ASSERT_TRUE(created) << created.error().message;
    EXPECT_EQ(created->tmpl.status, TemplateStatus::kPending);
    auto listed = Local(meta_.List(project_, waba_, TemplateListRequest{{}, {}, {}}));
    ASSERT_TRUE(listed);
    EXPECT_EQ(listed->items.size(), 1u);
    // Local validation and local errors.
    auto bad = meta_.Create(project_, waba_, Utility("Bad Name", "Hello"));
    ASSERT_FALSE(bad);
    EXPECT_EQ(bad.error().code, ErrorCode::kInvalidArgument);
    auto cursor = meta_.List(project_, waba_,
                             TemplateListRequest{{}, {}, Fail(Error::InvalidArgument("after"))});
    ASSERT_FALSE(cursor);
    env_.clock.Advance(std::chrono::seconds(3));
    EXPECT_EQ(*meta_.ReviewDue(), 1);
    EXPECT_EQ(Local(meta_.Get(project_, std::nullopt, created->tmpl.id))->tmpl.status,
              TemplateStatus::kApproved);
    EXPECT_TRUE(graph_.Calls().empty());

    // A WABA shared by a production and a sandbox number stays local: the sandbox number sends
    // against its templates.
    AddNumber("106540352240005", "102290129340999", domain::PhoneNumberKind::kProduction,
              kTokenOne);
    AddNumber("106540352240006", "102290129340999", domain::PhoneNumberKind::kSandbox,
              std::nullopt);
    ASSERT_TRUE(Local(meta_.Create(project_, BusinessAccountId("102290129340999"),
                                   Utility("mixed", "Hello there"))));
    EXPECT_TRUE(graph_.Calls().empty());
}

TEST_F(MetaTemplateServiceTest, TheReviewerLeavesTemplatesOfMetaWabasAlone) {
    // Templates stored while the server ran in sandbox mode, for what is now Meta's WABA.
    AddProductionNumbers();
    auto stored = templates_.Create(project_, meta_waba_, Utility("before_meta", "Hello there"));
    ASSERT_TRUE(stored);
    auto local = templates_.Create(project_, waba_, Utility("sandbox_one", "Hello there"));
    ASSERT_TRUE(local);
    env_.clock.Advance(std::chrono::seconds(3));
    EXPECT_EQ(*meta_.ReviewDue(), 1);  // only the sandbox WABA's
    auto untouched = env_.store->Templates().Get(project_, stored->tmpl.id);
    ASSERT_TRUE(untouched);
    EXPECT_EQ(untouched->tmpl.status, TemplateStatus::kPending);
    EXPECT_TRUE(untouched->review_due_at.has_value());
    ASSERT_EQ(Events().size(), 1u);
    EXPECT_EQ(bj::parse(Events()[0].payload).at("message_template_id").as_string(), local->tmpl.id);
    // And the API goes to Meta for it, not to the stored shadow.
    ASSERT_TRUE(Meta(meta_.Get(project_, std::nullopt, stored->tmpl.id)));
    ASSERT_EQ(graph_.Calls().size(), 1u);
    EXPECT_EQ(graph_.Calls()[0].path, "/" + stored->tmpl.id);
    EXPECT_EQ(graph_.Calls()[0].token, kTokenOne);
    // In sandbox mode the same tick decides it.
    EXPECT_EQ(*templates_.ReviewDue(), 1);
}

TEST_F(MetaTemplateServiceTest, TemplateIdsWithoutAWabaUseTheProjectsOldestProductionNumber) {
    // Only the sandbox number so far: an unknown id is simply not found.
    auto none = meta_.Get(project_, std::nullopt, "1627019861106475");
    ASSERT_FALSE(none);
    EXPECT_EQ(none.error().code, ErrorCode::kNotFound);
    EXPECT_EQ(none.error().field, std::optional<std::string>("template_id"));
    EXPECT_FALSE(meta_.Update(project_, std::nullopt, "1627019861106475", bj::object{}));
    EXPECT_TRUE(graph_.Calls().empty());

    AddProductionNumbers();
    graph_.Script(upstream::GraphJson{R"({"id":"1627019861106475","name":"x"})"});
    auto got = Meta(meta_.Get(project_, std::nullopt, "1627019861106475", {{"fields", "name"}}));
    ASSERT_TRUE(got);
    EXPECT_EQ(*got, R"({"id":"1627019861106475","name":"x"})");
    ASSERT_TRUE(Meta(meta_.Update(project_, std::nullopt, "1627019861106475",
                                  bj::object{{"category", "MARKETING"}})));
    auto calls = graph_.Calls();
    ASSERT_EQ(calls.size(), 2u);
    EXPECT_EQ(calls[0].path, "/1627019861106475");
    EXPECT_EQ(calls[0].token, kTokenOther);
    EXPECT_EQ(calls[1].method, "POST");
    EXPECT_EQ(calls[1].path, "/1627019861106475");
    EXPECT_EQ(calls[1].token, kTokenOther);

    // A sandbox WABA's template stays local; sandbox mode never asks Graph.
    auto local = templates_.Create(project_, waba_, Utility("hello", "Hello there"));
    ASSERT_TRUE(local);
    ASSERT_TRUE(Local(meta_.Get(project_, std::nullopt, local->tmpl.id)));
    auto sandbox_mode = service_.Get(project_, std::nullopt, "1627019861106475");
    ASSERT_FALSE(sandbox_mode);
    EXPECT_EQ(sandbox_mode.error().code, ErrorCode::kNotFound);
    EXPECT_EQ(graph_.Calls().size(), 2u);
}

TEST_F(MetaTemplateServiceTest, AMetaWabaWithoutATokenIsGraphsAuthError) {
    AddNumber("106540352240009", "102290129340555", domain::PhoneNumberKind::kProduction,
              std::nullopt);
    auto r =
        meta_.List(project_, BusinessAccountId("102290129340555"), TemplateListRequest{{}, {}, {}});
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().code, ErrorCode::kUnauthenticated);
    EXPECT_EQ(r.error().graph->code, 190);
    EXPECT_TRUE(graph_.Calls().empty());
    // Unknown WABAs are not found in meta mode too.
    auto unknown = meta_.List(project_, BusinessAccountId("999"), TemplateListRequest{{}, {}, {}});
    ASSERT_FALSE(unknown);
    EXPECT_EQ(unknown.error().field, std::optional<std::string>("waba_id"));
}

}  // namespace
}  // namespace wharf::service
