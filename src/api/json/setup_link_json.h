#pragma once

#include <string>

#include <boost/json.hpp>

#include "base/result.h"
#include "domain/setup_link/setup_link_rules.h"

namespace wharf::api {

// The public URL of a link's onboarding page.
std::string SetupLinkUrl(const std::string& public_url, const domain::SetupLink& l);

// The SetupLink resource; `token` is added only by the create handler.
boost::json::object SetupLinkToJson(const domain::SetupLink& l, const std::string& public_url);
Result<domain::SetupLinkCreate> ParseSetupLinkCreate(const boost::json::value& body);
Result<domain::SetupLinkPatch> ParseSetupLinkPatch(const boost::json::value& body);

}  // namespace wharf::api
