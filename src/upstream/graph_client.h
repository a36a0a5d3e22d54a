#pragma once

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <boost/json.hpp>

#include "base/result.h"

namespace wharf::upstream {

// What Meta answered for an accepted send (POST /{phone_number_id}/messages):
// `messages[0].id`, `messages[0].message_status` (templates) and `contacts[0].wa_id`.
struct GraphSendResult {
    std::string wamid;
    std::optional<std::string> message_status;
    std::string wa_id;
};

// The query of a Graph GET or DELETE: names and values in order, not yet percent-encoded (the
// client encodes them).
using GraphQuery = std::vector<std::pair<std::string, std::string>>;

// Meta's answer to a template management call: its JSON body (always an object) exactly as Graph
// sent it, for the Meta proxy to return unchanged.
struct GraphJson {
    std::string body;
};

// Meta's Graph API, seen from the services: one call per Graph request. A failure is an
// Error whose `graph` carries Meta's code, subcode, type and details unchanged (a Graph error
// body) or a wharf-made Graph code for transport failures (upstream/meta/graph_errors.h), so the
// Meta proxy renders it back to the caller as Meta would have. Implementations are thread-safe
// and block the calling thread for the round trip.
class GraphClient {
public:
    virtual ~GraphClient() = default;

    // Sends one message: `request` is the Graph send body (domain::ToGraphRequest), posted as is
    // with the number's access token. Not idempotent: implementations never resend a request
    // Meta may have received.
    virtual Result<GraphSendResult> SendMessage(const std::string& phone_number_id,
                                                const std::string& access_token,
                                                const boost::json::object& request) = 0;
    // Marks a received message as read (optionally showing a typing indicator): `request` is
    // {"messaging_product":"whatsapp","status":"read","message_id",…}, posted to the same
    // endpoint; Meta answers {"success":true}. Safe to repeat.
    virtual Result<void> MarkRead(const std::string& phone_number_id,
                                  const std::string& access_token,
                                  const boost::json::object& request) = 0;

    // Message template management (Meta's /{waba_id}/message_templates and the template node),
    // with an access token that may manage the WABA. Each answers Meta's 2xx body unchanged; a
    // 2xx body that is not a JSON object is an Error (the outcome is unknown).
    //
    // GET /{waba_id}/message_templates?<query> (name, status, category, language, fields, limit,
    // after, before: Meta's filters, projection and cursors). Safe to repeat.
    virtual Result<GraphJson> ListTemplates(const std::string& waba_id,
                                            const std::string& access_token,
                                            const GraphQuery& query) = 0;
    // GET /{template_id}?<query> (fields). Safe to repeat.
    virtual Result<GraphJson> GetTemplate(const std::string& template_id,
                                          const std::string& access_token,
                                          const GraphQuery& query) = 0;
    // POST /{waba_id}/message_templates with `body` (Meta answers {"id","status","category"}).
    // Not idempotent.
    virtual Result<GraphJson> CreateTemplate(const std::string& waba_id,
                                             const std::string& access_token,
                                             const boost::json::object& body) = 0;
    // POST /{template_id} with `body`, the fields to change (Meta answers {"success":true}).
    virtual Result<GraphJson> UpdateTemplate(const std::string& template_id,
                                             const std::string& access_token,
                                             const boost::json::object& body) = 0;
    // DELETE /{waba_id}/message_templates?<query> (name [+ language], or hsm_id [+ name]).
    virtual Result<GraphJson> DeleteTemplates(const std::string& waba_id,
                                              const std::string& access_token,
                                              const GraphQuery& query) = 0;
};

}  // namespace wharf::upstream
