#pragma once

#include "base/result.h"
#include "http/router.h"
#include "service/phone_number_service.h"

namespace wharf::api {

// Meta proxy discovery: GET /{waba_id}/phone_numbers and GET /{phone_number_id}, in Graph's
// field names, so that clients can find their ids.
class MetaPhoneNumbersHandler {
public:
    explicit MetaPhoneNumbersHandler(service::PhoneNumberService& numbers) : numbers_(numbers) {}

    Result<http::Response> ListForWaba(const http::Request& req, http::RequestContext& ctx) const;
    // The polymorphic GET /{id} root: today phone numbers; media, flows and templates later.
    Result<http::Response> GetNode(const http::Request& req, http::RequestContext& ctx) const;

private:
    service::PhoneNumberService& numbers_;
};

// The object-not-found error Graph gives for an id that does not exist (or is not the caller's).
Error GraphObjectNotFound(std::string_view id);

}  // namespace wharf::api
