#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <boost/json.hpp>

#include "api/json/kapso_fields.h"
#include "base/result.h"
#include "domain/history/message_wire.h"
#include "domain/message/message.h"
#include "http/request.h"
#include "service/history_service.h"

namespace wharf::api {

// A stored message on the wire: domain::MessageToJson (domain/history/message_wire.h) with the
// contact's name the history service found.
inline boost::json::object MessageToJson(const service::MessageView& v, const KapsoFields& fields,
                                         HistorySurface surface) {
    return domain::MessageToJson(v.message, v.contact_name, fields, surface);
}

// A message's position in the newest-first list (the store's order: created_at, wamid).
inline domain::Keyset MessageKeyset(const service::MessageView& v) {
    return {v.message.created_at, v.message.wamid};
}

using domain::KapsoMessageStatus;

// The stored statuses that a Kapso status filter stands for, given the direction filter.
// kInvalidArgument naming "status" for anything but pending|sent|delivered|read|failed.
Result<std::vector<std::string>> StoredStatusesFor(
    std::string_view kapso_status, const std::optional<domain::MessageDirection>& direction);

// The message list's filters from the query string: conversation_id, direction, status, since,
// until (both inclusive); on the Platform also phone_number_id and phone_number (the user's, any
// format). Platform filters that the store cannot apply yet (business_scoped_user_id,
// message_type, has_media, legacy
// page/per_page) are refused rather than ignored.
Result<service::MessageQuery> ParseMessageQuery(const http::Request& req, HistorySurface surface);

}  // namespace wharf::api
