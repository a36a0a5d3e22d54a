#pragma once

#include "base/result.h"
#include "http/router.h"
#include "service/customer_service.h"

namespace wharf::api {

// /platform/v1/customers: parse, one service call, render. Holds a reference to the service.
class CustomersHandler {
public:
    explicit CustomersHandler(service::CustomerService& customers) : customers_(customers) {}

    Result<http::Response> Create(const http::Request& req, http::RequestContext& ctx) const;
    Result<http::Response> List(const http::Request& req, http::RequestContext& ctx) const;
    Result<http::Response> Get(const http::Request& req, http::RequestContext& ctx) const;
    Result<http::Response> Update(const http::Request& req, http::RequestContext& ctx) const;
    Result<http::Response> Delete(const http::Request& req, http::RequestContext& ctx) const;

private:
    service::CustomerService& customers_;
};

// A {customer_id} path parameter: a UUID, else kNotFound (it cannot name anything).
Result<CustomerId> CustomerIdParam(const http::RequestContext& ctx);

}  // namespace wharf::api
