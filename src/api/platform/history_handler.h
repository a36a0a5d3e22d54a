#pragma once

#include "base/result.h"
#include "http/router.h"
#include "service/history_service.h"

namespace wharf::api {

// The Platform API's stored history (contract §2.6), under /platform/v1/whatsapp:
//   GET /messages, GET /messages/{message_id}
//   GET /conversations, GET|PATCH /conversations/{conversation_id}
//   GET|POST /contacts, GET|PATCH|DELETE /contacts/{identifier}
// Lists are {"data":[…],"paging":{…}} (cursor paging), records {"data":{…}}, DELETE 204.
// Holds a reference to the service; stateless otherwise.
class PlatformHistoryHandler {
public:
    explicit PlatformHistoryHandler(service::HistoryService& history) : history_(history) {}

    Result<http::Response> ListMessages(const http::Request& req, http::RequestContext& ctx) const;
    Result<http::Response> GetMessage(const http::Request& req, http::RequestContext& ctx) const;
    Result<http::Response> ListConversations(const http::Request& req,
                                             http::RequestContext& ctx) const;
    Result<http::Response> GetConversation(const http::Request& req,
                                           http::RequestContext& ctx) const;
    Result<http::Response> UpdateConversation(const http::Request& req,
                                              http::RequestContext& ctx) const;
    Result<http::Response> ListContacts(const http::Request& req, http::RequestContext& ctx) const;
    Result<http::Response> CreateContact(const http::Request& req, http::RequestContext& ctx) const;
    Result<http::Response> GetContact(const http::Request& req, http::RequestContext& ctx) const;
    Result<http::Response> UpdateContact(const http::Request& req, http::RequestContext& ctx) const;
    Result<http::Response> DeleteContact(const http::Request& req, http::RequestContext& ctx) const;

private:
    service::HistoryService& history_;
};

}  // namespace wharf::api
