#pragma once

#include <boost/json.hpp>

#include "api/json/kapso_fields.h"
#include "base/result.h"
#include "domain/contact/contact.h"
#include "http/request.h"
#include "service/history_service.h"

namespace wharf::api {

// A contact on the wire (both surfaces):
//   {"id","wa_id","business_scoped_user_id":null,"parent_business_scoped_user_id":null,
//    "username":null,"profile_name","display_name","customer_id","metadata":{…},
//    "phone_number_id","created_at","updated_at" (ISO 8601, microseconds)}
// phone_number_id is ours (a contact belongs to one business number). Contacts have no kapso
// object, so `fields` changes nothing.
boost::json::object ContactToJson(const domain::Contact& c);

// A contact's position in the list (the store's order: created_at, id).
inline domain::Keyset ContactKeyset(const domain::Contact& c) {
    return {c.created_at, c.id.value()};
}

// POST /whatsapp/contacts: {"contact":{"wa_id" (required),"phone_number_id","profile_name",
// "display_name","customer_id","metadata":{}}}; "whatsapp_contact" is accepted as the envelope
// too. Type and length errors name the field.
Result<service::ContactCreate> ParseContactCreate(const boost::json::value& body);

// A contact PATCH: the proxy's bare {"profile_name","display_name","metadata","customer_id"},
// or the Platform's {"contact":{…}} (also "whatsapp_contact"), which may repeat wa_id.
Result<service::ContactPatch> ParseContactPatch(const boost::json::value& body,
                                                HistorySurface surface);

// The contact list's filters: wa_id (exact, any format), customer_id, has_customer; on the
// Platform also phone_number_id. Platform filters the store cannot apply yet
// (customer_external_id, profile_name_contains, wa_id_contains, business_scoped_user_id,
// created_after/before, legacy page/per_page) are refused rather than ignored.
Result<domain::ContactFilter> ParseContactQuery(const http::Request& req, HistorySurface surface);

}  // namespace wharf::api
