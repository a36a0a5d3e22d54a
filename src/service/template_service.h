#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <utility>
#include <variant>
#include <vector>

#include <boost/json.hpp>

#include "base/clock.h"
#include "base/result.h"
#include "base/secret_box.h"
#include "domain/event/event.h"
#include "domain/pagination/keyset.h"
#include "domain/template/template_record.h"
#include "domain/template/template_reviewer.h"
#include "store/store.h"
#include "upstream/graph_client.h"

namespace wharf::service {

struct TemplateServiceOptions {
    // How long a created or edited template stays PENDING before the sandbox reviewer decides.
    std::chrono::milliseconds review_delay{2000};
};

// A request's query parameters as the caller sent them (decoded, in order, repeats kept).
using TemplateQuery = std::vector<std::pair<std::string, std::string>>;

// Meta's answer to a template call on one of its WABAs: the JSON body (an object) exactly as
// Graph sent it. The Meta proxy returns it unchanged, with HTTP 200.
using MetaAnswer = upstream::GraphJson;

// What a template operation answers: the local result, or Meta's for Meta's WABAs.
template <class Local>
using TemplateAnswer = std::variant<Local, MetaAnswer>;

// GET /{waba}/message_templates. Meta's WABAs get `query`'s name, status, category, language,
// fields, limit, after and before, as given (cursors are Meta's own); the others are listed
// locally from `filter` and `page`, the same query parsed by the caller, whose parse errors
// count only there.
struct TemplateListRequest {
    TemplateQuery query;
    Result<domain::TemplateFilter> filter;
    Result<domain::KeysetRequest> page;
};

// DELETE /{waba}/message_templates: by `name` (every language, or only `language`), or by
// `hsm_id` (one template; `name`, when also given, must be its name). At least one of name and
// hsm_id (checked locally; Meta checks its own).
struct TemplateDeletion {
    std::optional<std::string> name;
    std::optional<std::string> hsm_id;
    std::optional<std::string> language;
};

// The message_template_status_update event for a review decision: payload
// {"event","message_template_id","message_template_name","message_template_language","reason"}
// and Meta's webhook body as meta_payload; no phone number. Pure; exposed for tests.
domain::Event MakeTemplateStatusEvent(const domain::TemplateRecord& t,
                                      const domain::TemplateReview& review, Timestamp now);

// Message templates of a project's WABAs (Meta's /{waba}/message_templates), kept in one of two
// places. The rules:
//
//  1. A WABA is the project's when one of its numbers carries that business_account_id; any
//     other WABA is kNotFound with `field` "waba_id", in every mode.
//  2. A WABA is *Meta's* when the service runs in meta mode (it was given a GraphClient) and
//     every one of the project's numbers on that WABA is a production number. Every operation
//     on a Meta WABA goes to the Graph API with the access token of one of those numbers (the
//     oldest that has one; none: Graph's 190), and answers Meta's body (MetaAnswer) or Meta's
//     error (code, subcode, type, message, details, fbtrace_id) unchanged. Nothing is checked
//     or stored locally: Kapso keeps no draft state, Meta validates, and Meta reviews.
//  3. Every other WABA is local, in every mode: templates live in the store, validated by the
//     domain (template_validator.h: Meta's Graph errors), PENDING after a create or an edit
//     until the sandbox reviewer (ReviewDue) decides, options.review_delay later. A WABA that
//     also has a sandbox number stays local: its sandbox numbers send against these templates.
//  4. A template id without a WABA (GET /{template_id}, POST /{template_id}): a template in the
//     local store is served where its WABA's templates live (rule 2 or 3). An id not in the
//     store is, in meta mode, asked of Graph with the token of the project's oldest production
//     number (the only guess an id alone allows); without one, or in sandbox mode, it is
//     kNotFound with `field` "template_id".
//  5. The sandbox reviewer never decides templates of Meta's WABAs (templates stored for a WABA
//     before the server ran in meta mode stay as they are).
//
// Send-time template checks are MessagingService's: in meta mode production numbers skip them
// (Meta checks its own).
//
// Holds references to the store, clock, GraphClient and SecretBox, which must outlive it.
// Thread-safe (no state of its own).
class TemplateService {
public:
    // `graph` (meta mode; null: every WABA is local) and `box` (opens the numbers' sealed
    // access tokens; required with `graph`, without it the service runs in sandbox mode).
    TemplateService(store::Store& store, const Clock& clock, TemplateServiceOptions options = {},
                    upstream::GraphClient* graph = nullptr, const SecretBox* box = nullptr)
        : store_(store),
          clock_(clock),
          options_(options),
          graph_(box != nullptr ? graph : nullptr),
          box_(box) {}

    Result<TemplateAnswer<domain::KeysetPage<domain::TemplateRecord>>> List(
        const ProjectId& project, const BusinessAccountId& waba,
        const TemplateListRequest& request);
    // With `waba`, the template must also belong to that WABA (a Meta WABA's template is asked
    // of Graph by id: the WABA only picks the token). `query`'s `fields` goes to Graph (the
    // local path leaves projection to the caller).
    Result<TemplateAnswer<domain::TemplateRecord>> Get(const ProjectId& project,
                                                       const std::optional<BusinessAccountId>& waba,
                                                       const std::string& id,
                                                       const TemplateQuery& query = {});
    // Local: ParseTemplate, then stored PENDING with a new Meta-style id. The same name and
    // language twice in one WABA is kAlreadyExists (Graph 100, subcode 2388024). Meta's WABA:
    // `body` is posted to Graph as is.
    Result<TemplateAnswer<domain::TemplateRecord>> Create(const ProjectId& project,
                                                          const BusinessAccountId& waba,
                                                          const boost::json::object& body);
    // Local: CheckEditable + ApplyTemplateEdit; the template goes back to PENDING review.
    // Meta's: `edit` is posted to POST /{id} as is.
    Result<TemplateAnswer<domain::TemplateRecord>> Update(
        const ProjectId& project, const std::optional<BusinessAccountId>& waba,
        const std::string& id, const boost::json::object& edit);
    // Local: how many templates were deleted (at least one; none found is kNotFound). Meta's:
    // name, hsm_id and language go to Graph as given.
    Result<TemplateAnswer<int>> Delete(const ProjectId& project, const BusinessAccountId& waba,
                                       const TemplateDeletion& what);

    // The sandbox reviewer's tick: decides (ReviewTemplate) every PENDING template whose review
    // is due, across projects, at most `limit`, in one transaction that also records one
    // message_template_status_update event per decision. Returns how many were decided. In
    // meta mode templates of Meta's WABAs are left alone (rule 5).
    Result<int> ReviewDue(int limit = 100);

private:
    // Where `waba`'s templates live (rules 1-3): nullopt for the local store, else the access
    // token for Graph.
    Result<std::optional<std::string>> Locate(const ProjectId& project,
                                              const BusinessAccountId& waba);
    // Rule 2 on a WABA's numbers (none: local): nullopt, or the token of the oldest number that
    // has one.
    Result<std::optional<std::string>> MetaToken(const std::vector<domain::PhoneNumber>& numbers);
    // Rule 4 for an id not in the store: the token of the project's oldest production number,
    // or nullopt (sandbox mode, or no production number).
    Result<std::optional<std::string>> FallbackToken(const ProjectId& project);
    // The template `id` in the local store, checked against `waba` when given.
    Result<domain::TemplateRecord> GetLocal(const ProjectId& project,
                                            const std::optional<BusinessAccountId>& waba,
                                            const std::string& id);
    // For an operation on a template id: the local record (when the store has it and its WABA
    // is local), or the Graph token to use (rules 2 and 4).
    Result<std::variant<domain::TemplateRecord, std::string>> Resolve(
        const ProjectId& project, const std::optional<BusinessAccountId>& waba,
        const std::string& id);

    store::Store& store_;
    const Clock& clock_;
    TemplateServiceOptions options_;
    upstream::GraphClient* graph_;  // null: sandbox mode (every WABA is local)
    const SecretBox* box_;
};

}  // namespace wharf::service
