#pragma once

#include <string>

#include "base/result.h"
#include "http/router.h"
#include "service/setup_link_service.h"

namespace wharf::api {

// /platform/v1/customers/{customer_id}/setup_links. `public_url` is the base of the links' URLs.
class SetupLinksHandler {
public:
    SetupLinksHandler(service::SetupLinkService& links, std::string public_url)
        : links_(links), public_url_(std::move(public_url)) {}

    Result<http::Response> Create(const http::Request& req, http::RequestContext& ctx) const;
    Result<http::Response> List(const http::Request& req, http::RequestContext& ctx) const;
    Result<http::Response> Get(const http::Request& req, http::RequestContext& ctx) const;
    Result<http::Response> Update(const http::Request& req, http::RequestContext& ctx) const;

private:
    service::SetupLinkService& links_;
    std::string public_url_;
};

}  // namespace wharf::api
