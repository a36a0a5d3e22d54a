#include "api/json/customer_json.h"

#include "base/json.h"
#include "base/time_format.h"

namespace wharf::api {

boost::json::object CustomerToJson(const domain::Customer& c) {
    return boost::json::object{{"id", c.id.value()},
                               {"name", c.name},
                               {"external_customer_id", json::OrNull(c.external_customer_id)},
                               {"created_at", FormatIso8601(c.created_at)},
                               {"updated_at", FormatIso8601(c.updated_at)}};
}

namespace {
Result<service::CustomerPatch> ReadCustomer(const boost::json::value& body) {
    WHARF_ASSIGN_OR_RETURN(const boost::json::object* o, json::Envelope(body, "customer"));
    json::ObjectReader r(*o, "customer");
    service::CustomerPatch p;
    // Over-long values are caught here with a clear message before any business rule runs.
    WHARF_ASSIGN_OR_RETURN(p.name, r.String("name", 1000));
    WHARF_ASSIGN_OR_RETURN(p.external_customer_id, r.String("external_customer_id", 1000));
    return p;
}
}  // namespace

Result<service::CustomerCreate> ParseCustomerCreate(const boost::json::value& body) {
    WHARF_ASSIGN_OR_RETURN(service::CustomerPatch p, ReadCustomer(body));
    return service::CustomerCreate{p.name.AsOptional(), p.external_customer_id.AsOptional()};
}

Result<service::CustomerPatch> ParseCustomerPatch(const boost::json::value& body) {
    return ReadCustomer(body);
}

}  // namespace wharf::api
