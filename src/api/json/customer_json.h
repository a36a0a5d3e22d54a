#pragma once

#include <boost/json.hpp>

#include "base/result.h"
#include "domain/customer/customer.h"
#include "service/customer_service.h"

namespace wharf::api {

// The Customer resource on the wire, and the two request bodies that carry one
// ({"customer":{...}}). Type errors name the field; business rules live in the service.
boost::json::object CustomerToJson(const domain::Customer& c);
Result<service::CustomerCreate> ParseCustomerCreate(const boost::json::value& body);
Result<service::CustomerPatch> ParseCustomerPatch(const boost::json::value& body);

}  // namespace wharf::api
