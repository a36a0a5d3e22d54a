#pragma once

#include "base/result.h"
#include "http/router.h"
#include "service/template_service.h"

namespace wharf::api {

// The Meta proxy's message templates (contract §2.12):
//   GET    /{waba_id}/message_templates            filters name, status, category, language;
//                                                  fields; limit/after/before cursor paging
//   POST   /{waba_id}/message_templates            create -> {"id","status","category"}
//   POST   /{waba_id}/message_templates?hsm_id=    update -> {"success":true} (PUT too)
//   DELETE /{waba_id}/message_templates?name=[&language=|&hsm_id=]  -> {"success":true}
//   GET    /{waba_id}/message_templates/{template_id}, GET /{template_id} (the polymorphic node)
//   POST   /{template_id}                          update -> {"success":true}
// Unknown WABAs and template ids (another project's included) are Graph's object-not-found;
// every bad input is a Graph error and stores nothing. Where the service sends a call to Meta's
// Graph API (a Meta WABA in meta mode, service/template_service.h), Meta's answer is returned
// unchanged: its body with HTTP 200, or its error in the same envelope (the `fields` projection
// and the cursors are then Meta's). Stateless besides the service reference.
class MetaTemplatesHandler {
public:
    explicit MetaTemplatesHandler(service::TemplateService& templates) : templates_(templates) {}

    Result<http::Response> List(const http::Request& req, http::RequestContext& ctx) const;
    // POST /{waba_id}/message_templates: an update when hsm_id is given, else a create.
    Result<http::Response> CreateOrUpdate(const http::Request& req,
                                          http::RequestContext& ctx) const;
    // PUT /{waba_id}/message_templates?hsm_id=: an update; hsm_id is required.
    Result<http::Response> Update(const http::Request& req, http::RequestContext& ctx) const;
    Result<http::Response> Delete(const http::Request& req, http::RequestContext& ctx) const;
    // GET /{waba_id}/message_templates/{template_id}
    Result<http::Response> Get(const http::Request& req, http::RequestContext& ctx) const;
    // GET /{id} and POST /{id} when the id names a template.
    Result<http::Response> GetNode(const http::Request& req, http::RequestContext& ctx) const;
    Result<http::Response> UpdateNode(const http::Request& req, http::RequestContext& ctx) const;

private:
    Result<http::Response> DoUpdate(const http::Request& req, http::RequestContext& ctx,
                                    const std::optional<BusinessAccountId>& waba,
                                    const std::string& id) const;

    service::TemplateService& templates_;
};

}  // namespace wharf::api
