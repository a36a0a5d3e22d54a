#include "service/template_service.h"

#include <charconv>
#include <cstdint>
#include <utility>

#include "base/random.h"
#include "domain/template/template_validator.h"

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

Result<void> TemplateService::CheckWaba(const ProjectId& project, const BusinessAccountId& waba) {
    WHARF_ASSIGN_OR_RETURN(auto numbers,
                           store_.PhoneNumbers().ListByBusinessAccount(project, waba));
    if (numbers.empty()) {
        return Fail(Error::NotFound("WhatsApp Business Account " + waba.value() + " not found")
                        .WithField("waba_id"));
    }
    return {};
}

Result<domain::KeysetPage<domain::TemplateRecord>> TemplateService::List(
    const ProjectId& project, const BusinessAccountId& waba, const domain::TemplateFilter& filter,
    const domain::KeysetRequest& page) {
    WHARF_TRY(CheckWaba(project, waba));
    return store_.Templates().List(project, waba, filter, page);
}

Result<domain::TemplateRecord> TemplateService::Get(const ProjectId& project,
                                                    const std::optional<BusinessAccountId>& waba,
                                                    const std::string& id) {
    if (waba) {
        WHARF_TRY(CheckWaba(project, *waba));
    }
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

Result<domain::TemplateRecord> TemplateService::Create(const ProjectId& project,
                                                       const BusinessAccountId& waba,
                                                       const bj::object& body) {
    WHARF_TRY(CheckWaba(project, waba));
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
    return r;
}

Result<domain::TemplateRecord> TemplateService::Update(const ProjectId& project,
                                                       const std::optional<BusinessAccountId>& waba,
                                                       const std::string& id,
                                                       const bj::object& edit) {
    WHARF_ASSIGN_OR_RETURN(auto current, Get(project, waba, id));
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
    return r;
}

Result<int> TemplateService::Delete(const ProjectId& project, const BusinessAccountId& waba,
                                    const TemplateDeletion& what) {
    if (!what.name && !what.hsm_id) {
        return Fail(Error::InvalidArgument("The parameter name is required")
                        .WithField("name")
                        .WithGraph(100, "name or hsm_id is required"));
    }
    WHARF_TRY(CheckWaba(project, waba));
    std::vector<domain::TemplateRecord> doomed;
    if (what.hsm_id) {
        WHARF_ASSIGN_OR_RETURN(auto t, Get(project, waba, *what.hsm_id));
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
    return static_cast<int>(doomed.size());
}

Result<int> TemplateService::ReviewDue(int limit) {
    Timestamp now = clock_.Now();
    WHARF_ASSIGN_OR_RETURN(auto due, store_.Templates().ListReviewDue(now, limit));
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
