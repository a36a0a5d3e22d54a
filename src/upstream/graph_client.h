#pragma once

#include <optional>
#include <string>

#include <boost/json.hpp>

#include "base/result.h"

namespace wharf::upstream {

// What Meta answered for an accepted send (POST /{phone_number_id}/messages):
// `messages[0].id`, `messages[0].message_status` (templates) and `contacts[0].wa_id`.
// Templates and media add their own results here when their issues land.
struct GraphSendResult {
    std::string wamid;
    std::optional<std::string> message_status;
    std::string wa_id;
};

// Meta's Graph API, seen from the messaging service: one call per Graph request. A failure is an
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
};

}  // namespace wharf::upstream
