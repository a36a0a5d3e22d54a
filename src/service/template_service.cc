#include "service/template_service.h"

#include <algorithm>
#include <charconv>
#include <cstdint>
#include <initializer_list>
#include <string_view>
#include <utility>

#include "base/random.h"
#include "domain/template/template_validator.h"
#include "service/access_token.h"

namespace wharf::service {

namespace bj = boost::json;

namespace {

Error TemplateNotFound(const std::string& id) {
    return Error::NotFound("message template " + id + " not found").WithField("template_id");
}

// Meta writes the template id as a number in its webhooks; ours are digit strings.
bj::value MetaTemplateId(const std::string& id) {
    std::int64_t n = 0;
    auto r = std::from_chars(id.data(), id.data() + id.size(), n);
    if (r.ec == std::errc() && r.ptr == id.data() + id.size()) {
        return n;
    }
    return bj::value(id);
}

}  // namespace

domain::Event MakeTemplateStatusEvent(const domain::TemplateRecord& t,
                                      const domain::TemplateReview& review, Timestamp now) {
    const char* decision = domain::ToString(review.status);
    std::string reason = review.reason.value_or("NONE");
    bj::object payload{{"event", decision},
                       {"message_template_id", t.tmpl.id},
                       {"message_template_name", t.tmpl.name},
                       {"message_template_language", t.tmpl.language},
                       {"reason", reason}};
    bj::object value{{"event", decision},
                     {"message_template_id", MetaTemplateId(t.tmpl.id)},
                     {"message_template_name", t.tmpl.name},
                     {"message_template_language", t.tmpl.language},
                     {"reason", reason},
                     {"message_template_category", domain::ToString(t.tmpl.category)}};
    if (review.reason) {
        value["rejection_info"] = bj::object{
            {"reason", *review.reason}, {"recommendation", review.recommendation.value_or("")}};
    }
    auto seconds = std::chrono::duration_cast<std::chrono::seconds>(now.time_since_epoch());
    bj::object meta{
        {"object", "whatsapp_business_account"},
        {"entry",
         bj::array{bj::object{
             {"id", t.business_account_id.value()},
             {"time", seconds.count()},
             {"changes", bj::array{bj::object{{"field", domain::kEventTemplateStatusUpdate},
                                              {"value", std::move(value)}}}}}}}};
    domain::Event e;
    e.id = EventId(NewUuid());
    e.type = domain::kEventTemplateStatusUpdate;
    e.payload = bj::serialize(payload);
    e.meta_payload = bj::serialize(meta);
    e.created_at = now;
    return e;
}

namespace {

// What of the caller's query Graph gets (rule 2): Meta's own parameters of these calls only.
upstream::GraphQuery PassThrough(const TemplateQuery& query,
                                 std::initializer_list<std::string_view> names) {
    upstream::GraphQuery out;
    for (const auto& [name, value] : query) {
        if (std::find(names.begin(), names.end(), name) != names.end()) {
            out.emplace_back(name, value);
        }
    }
    return out;
}

template <class Local>
Result<TemplateAnswer<Local>> FromMeta(Result<upstream::GraphJson> answer) {
    if (!answer) {
        return Fail(std::move(answer).error());
    }
    return TemplateAnswer<Local>(std::move(*answer));
}

}  // namespace

Result<std::optional<std::string>> TemplateService::MetaToken(
    const std::vector<domain::PhoneNumber>& numbers) {
    if (graph_ == nullptr || numbers.empty()) {
        return std::optional<std::string>();
    }
    const domain::PhoneNumber* with_token = nullptr;
    for (const auto& n : numbers) {  // oldest first
        if (n.kind != domain::PhoneNumberKind::kProduction) {
            return std::optional<std::string>();
        }
        if (with_token == nullptr && n.sealed_access_token) {
            with_token = &n;
        }
    }
    WHARF_ASSIGN_OR_RETURN(std::string token,
                           OpenAccessToken(*box_, with_token ? *with_token : numbers.front()));
    return std::optional<std::string>(std::move(token));
}

Result<std::optional<std::string>> TemplateService::Locate(const ProjectId& project,
                                                           const BusinessAccountId& waba) {
    WHARF_ASSIGN_OR_RETURN(auto numbers,
                           store_.PhoneNumbers().ListByBusinessAccount(project, waba));
    if (numbers.empty()) {
        return Fail(Error::NotFound("WhatsApp Business Account " + waba.value() + " not found")
                        .WithField("waba_id"));
    }
    return MetaToken(numbers);
}

Result<std::optional<std::string>> TemplateService::FallbackToken(const ProjectId& project) {
    if (graph_ == nullptr) {
        return std::optional<std::string>();
    }
    // The project's numbers come newest first: the last production number seen is the oldest,
    // and the oldest with a token is preferred.
    std::optional<domain::PhoneNumber> oldest;
    std::optional<domain::PhoneNumber> oldest_with_token;
    domain::PageRequest page{1, domain::kMaxPerPage};
    for (long long seen = 0;; ++page.page) {
        WHARF_ASSIGN_OR_RETURN(auto numbers, store_.PhoneNumbers().List(project, {}, page));
        for (auto& n : numbers.items) {
            if (n.kind != domain::PhoneNumberKind::kProduction) {
                continue;
            }
            if (n.sealed_access_token) {
                oldest_with_token = n;
            }
            oldest = std::move(n);
        }
        seen += static_cast<long long>(numbers.items.size());
        if (numbers.items.empty() || seen >= numbers.total_count) {
            break;
        }
    }
    if (!oldest) {
        return std::optional<std::string>();
    }
    WHARF_ASSIGN_OR_RETURN(
        std::string token,
        OpenAccessToken(*box_, oldest_with_token ? *oldest_with_token : *oldest));
    return std::optional<std::string>(std::move(token));
}

Result<domain::TemplateRecord> TemplateService::GetLocal(
    const ProjectId& project, const std::optional<BusinessAccountId>& waba, const std::string& id) {
    auto t = store_.Templates().Get(project, id);
    if (!t) {
        if (t.error().code == ErrorCode::kNotFound) {
            return Fail(TemplateNotFound(id));
        }
        return t;
    }
    if (waba && t->business_account_id != *waba) {
        return Fail(TemplateNotFound(id));
    }
    return t;
}

Result<std::variant<domain::TemplateRecord, std::string>> TemplateService::Resolve(
    const ProjectId& project, const std::optional<BusinessAccountId>& waba, const std::string& id) {
    using Resolved = std::variant<domain::TemplateRecord, std::string>;
    if (waba) {
        WHARF_ASSIGN_OR_RETURN(auto token, Locate(project, *waba));
        if (token) {
            return Resolved(std::move(*token));
        }
        WHARF_ASSIGN_OR_RETURN(auto t, GetLocal(project, waba, id));
        return Resolved(std::move(t));
    }
    auto t = GetLocal(project, std::nullopt, id);
    if (t) {
        // Served where its WABA's templates live (a WABA without numbers left: here).
        WHARF_ASSIGN_OR_RETURN(auto numbers, store_.PhoneNumbers().ListByBusinessAccount(
                                                 project, t->business_account_id));
        WHARF_ASSIGN_OR_RETURN(auto token, MetaToken(numbers));
        if (token) {
            return Resolved(std::move(*token));
        }
        return Resolved(std::move(*t));
    }
    if (t.error().code != ErrorCode::kNotFound) {
        return Fail(std::move(t).error());
    }
    WHARF_ASSIGN_OR_RETURN(auto token, FallbackToken(project));
    if (!token) {
        return Fail(std::move(t).error());
    }
    return Resolved(std::move(*token));
}

Result<TemplateAnswer<domain::KeysetPage<domain::TemplateRecord>>> TemplateService::List(
    const ProjectId& project, const BusinessAccountId& waba, const TemplateListRequest& request) {
    using Page = domain::KeysetPage<domain::TemplateRecord>;
    WHARF_ASSIGN_OR_RETURN(auto token, Locate(project, waba));
    if (token) {
        return FromMeta<Page>(graph_->ListTemplates(
            waba.value(), *token,
            PassThrough(request.query, {"name", "status", "category", "language", "fields", "limit",
                                        "after", "before"})));
    }
    if (!request.filter) {
        return Fail(request.filter.error());
    }
    if (!request.page) {
        return Fail(request.page.error());
    }
    WHARF_ASSIGN_OR_RETURN(Page page,
                           store_.Templates().List(project, waba, *request.filter, *request.page));
    return TemplateAnswer<Page>(std::move(page));
}

Result<TemplateAnswer<domain::TemplateRecord>> TemplateService::Get(
    const ProjectId& project, const std::optional<BusinessAccountId>& waba, const std::string& id,
    const TemplateQuery& query) {
    using Answer = TemplateAnswer<domain::TemplateRecord>;
    WHARF_ASSIGN_OR_RETURN(auto where, Resolve(project, waba, id));
    if (auto* token = std::get_if<std::string>(&where)) {
        return FromMeta<domain::TemplateRecord>(
            graph_->GetTemplate(id, *token, PassThrough(query, {"fields"})));
    }
    return Answer(std::get<domain::TemplateRecord>(std::move(where)));
}

Result<TemplateAnswer<domain::TemplateRecord>> TemplateService::Create(
    const ProjectId& project, const BusinessAccountId& waba, const bj::object& body) {
    WHARF_ASSIGN_OR_RETURN(auto token, Locate(project, waba));
    if (token) {
        return FromMeta<domain::TemplateRecord>(graph_->CreateTemplate(waba.value(), *token, body));
    }
    WHARF_ASSIGN_OR_RETURN(auto tmpl, domain::ParseTemplate(body));
    Timestamp now = clock_.Now();
    domain::TemplateRecord r;
    r.business_account_id = waba;
    r.tmpl = std::move(tmpl);
    r.tmpl.id = RandomDigits(16);
    r.tmpl.status = domain::TemplateStatus::kPending;
    r.created_at = now;
    r.updated_at = now;
    r.review_due_at = now + options_.review_delay;
    auto inserted = store_.Templates().Insert(project, r);
    if (!inserted) {
        if (inserted.error().code == ErrorCode::kAlreadyExists) {
            Error e = Error::AlreadyExists("Content in this language already exists: template " +
                                           r.tmpl.name + " (" + r.tmpl.language +
                                           ") already exists in this WhatsApp Business Account")
                          .WithField("name");
            e.graph = GraphError{100, 2388024, "OAuthException",
                                 "Content in this language already exists"};
            return Fail(std::move(e));
        }
        return Fail(std::move(inserted).error());
    }
    return TemplateAnswer<domain::TemplateRecord>(std::move(r));
}

Result<TemplateAnswer<domain::TemplateRecord>> TemplateService::Update(
    const ProjectId& project, const std::optional<BusinessAccountId>& waba, const std::string& id,
    const bj::object& edit) {
    WHARF_ASSIGN_OR_RETURN(auto where, Resolve(project, waba, id));
    if (auto* token = std::get_if<std::string>(&where)) {
        return FromMeta<domain::TemplateRecord>(graph_->UpdateTemplate(id, *token, edit));
    }
    const auto& current = std::get<domain::TemplateRecord>(where);
    WHARF_TRY(domain::CheckEditable(current.tmpl));
    WHARF_ASSIGN_OR_RETURN(auto edited, domain::ApplyTemplateEdit(current.tmpl, edit));
    Timestamp now = clock_.Now();
    domain::TemplateRecord r = current;
    r.tmpl = std::move(edited);
    r.tmpl.id = current.tmpl.id;
    r.tmpl.status = domain::TemplateStatus::kPending;
    r.tmpl.rejected_reason.reset();
    r.updated_at = now;
    r.review_due_at = now + options_.review_delay;
    WHARF_TRY(store_.Templates().Update(project, r));
    return TemplateAnswer<domain::TemplateRecord>(std::move(r));
}

Result<TemplateAnswer<int>> TemplateService::Delete(const ProjectId& project,
                                                    const BusinessAccountId& waba,
                                                    const TemplateDeletion& what) {
    WHARF_ASSIGN_OR_RETURN(auto token, Locate(project, waba));
    if (token) {
        upstream::GraphQuery query;
        if (what.name) {
            query.emplace_back("name", *what.name);
        }
        if (what.hsm_id) {
            query.emplace_back("hsm_id", *what.hsm_id);
        }
        if (what.language) {
            query.emplace_back("language", *what.language);
        }
        return FromMeta<int>(graph_->DeleteTemplates(waba.value(), *token, query));
    }
    if (!what.name && !what.hsm_id) {
        return Fail(Error::InvalidArgument("The parameter name is required")
                        .WithField("name")
                        .WithGraph(100, "name or hsm_id is required"));
    }
    std::vector<domain::TemplateRecord> doomed;
    if (what.hsm_id) {
        WHARF_ASSIGN_OR_RETURN(auto t, GetLocal(project, waba, *what.hsm_id));
        if (what.name && t.tmpl.name != *what.name) {
            return Fail(Error::InvalidArgument("hsm_id " + *what.hsm_id +
                                               " is not a template named " + *what.name)
                            .WithField("name")
                            .WithGraph(100, "name does not match hsm_id"));
        }
        doomed.push_back(std::move(t));
    } else {
        WHARF_ASSIGN_OR_RETURN(auto all, store_.Templates().FindByName(project, waba, *what.name));
        for (auto& t : all) {
            if (!what.language || t.tmpl.language == *what.language) {
                doomed.push_back(std::move(t));
            }
        }
        if (doomed.empty()) {
            Error e = Error::NotFound("Message template \"" + *what.name + "\" not found")
                          .WithField("name");
            e.graph = GraphError{100, 2593002, "OAuthException", "Message template not found"};
            return Fail(std::move(e));
        }
    }
    WHARF_TRY(store_.Transact([&](store::Store& tx) -> Result<void> {
        for (const auto& t : doomed) {
            WHARF_TRY(tx.Templates().Delete(project, t.tmpl.id));
        }
        return {};
    }));
    return TemplateAnswer<int>(static_cast<int>(doomed.size()));
}

Result<int> TemplateService::ReviewDue(int limit) {
    Timestamp now = clock_.Now();
    // Rule 5: in meta mode, all-production WABAs are Meta's and not reviewed here.
    WHARF_ASSIGN_OR_RETURN(auto due,
                           store_.Templates().ListReviewDue(now, limit, graph_ != nullptr));
    if (due.empty()) {
        return 0;
    }
    int decided = 0;
    WHARF_TRY(store_.Transact([&](store::Store& tx) -> Result<void> {
        decided = 0;
        for (const auto& [project, listed] : due) {
            // Re-read inside the transaction: deleted or edited since the scan means not now.
            auto current = tx.Templates().Get(project, listed.tmpl.id);
            if (!current) {
                if (current.error().code == ErrorCode::kNotFound) {
                    continue;
                }
                return Fail(std::move(current).error());
            }
            domain::TemplateRecord t = std::move(*current);
            if (!t.review_due_at || *t.review_due_at > now ||
                t.tmpl.status != domain::TemplateStatus::kPending) {
                continue;
            }
            domain::TemplateReview review = domain::ReviewTemplate(t.tmpl);
            t.tmpl.status = review.status;
            t.tmpl.rejected_reason = review.reason;
            t.review_due_at.reset();
            t.updated_at = now;
            WHARF_TRY(tx.Templates().Update(project, t));
            WHARF_TRY(tx.Events().Insert(project, MakeTemplateStatusEvent(t, review, now)));
            ++decided;
        }
        return {};
    }));
    return decided;
}

}  // namespace wharf::service
