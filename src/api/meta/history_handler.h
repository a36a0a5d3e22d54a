#pragma once

#include "base/result.h"
#include "http/router.h"
#include "service/history_service.h"

namespace wharf::api {

// The Meta proxy's stored-history reads (Kapso's extensions, contract §2.10-2.11):
//   GET   /{phone_number_id}/messages[/{message_id}]
//   GET   /{phone_number_id}/conversations[/{conversation_id}]
//   GET   /conversations/{conversation_id}, PATCH /conversations/{conversation_id}
//   GET   /{phone_number_id}/contacts[/{wa_id}], PATCH /{phone_number_id}/contacts/{wa_id}
// Lists are {"data":[…],"paging":{…}}, single records bare, writes {"success":true}. Every id
// the caller cannot see (another project's, unknown, malformed) is Graph's object-not-found.
// Holds a reference to the service; stateless otherwise.
class MetaHistoryHandler {
public:
    explicit MetaHistoryHandler(service::HistoryService& history) : history_(history) {}

    Result<http::Response> ListMessages(const http::Request& req, http::RequestContext& ctx) const;
    Result<http::Response> GetMessage(const http::Request& req, http::RequestContext& ctx) const;
    Result<http::Response> ListConversations(const http::Request& req,
                                             http::RequestContext& ctx) const;
    // /{phone_number_id}/conversations/{id} and, without a number, /conversations/{id}.
    Result<http::Response> GetConversation(const http::Request& req,
                                           http::RequestContext& ctx) const;
    Result<http::Response> UpdateConversation(const http::Request& req,
                                              http::RequestContext& ctx) const;
    Result<http::Response> ListContacts(const http::Request& req, http::RequestContext& ctx) const;
    Result<http::Response> GetContact(const http::Request& req, http::RequestContext& ctx) const;
    Result<http::Response> UpdateContact(const http::Request& req, http::RequestContext& ctx) const;

private:
    service::HistoryService& history_;
};

}  // namespace wharf::api
