#pragma once

#include "base/clock.h"
#include "base/result.h"
#include "http/router.h"
#include "service/phone_number_service.h"

namespace wharf::api {

// /platform/v1/whatsapp/phone_numbers and POST /customers/{id}/whatsapp/phone_numbers.
class PhoneNumbersHandler {
public:
    PhoneNumbersHandler(service::PhoneNumberService& numbers, const Clock& clock)
        : numbers_(numbers), clock_(clock) {}

    Result<http::Response> Connect(const http::Request& req, http::RequestContext& ctx) const;
    Result<http::Response> List(const http::Request& req, http::RequestContext& ctx) const;
    Result<http::Response> Get(const http::Request& req, http::RequestContext& ctx) const;
    Result<http::Response> Update(const http::Request& req, http::RequestContext& ctx) const;
    Result<http::Response> Delete(const http::Request& req, http::RequestContext& ctx) const;
    Result<http::Response> Health(const http::Request& req, http::RequestContext& ctx) const;

private:
    service::PhoneNumberService& numbers_;
    const Clock& clock_;
};

// A {phone_number_id} path parameter: Meta's digits, else kNotFound.
Result<PhoneNumberId> PhoneNumberIdParam(const http::RequestContext& ctx);

}  // namespace wharf::api
