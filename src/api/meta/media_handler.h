#pragma once

#include "base/result.h"
#include "http/router.h"
#include "service/media_service.h"

namespace wharf::api {

// The Meta proxy's media (contract §2.13) and Graph's resumable upload:
//   POST   /{phone_number_id}/media        multipart: file, type, messaging_product -> {"id"}
//   GET    /{media_id}[?phone_number_id=]  {"messaging_product","id","url","mime_type","sha256",
//                                          "file_size" (a string),"download_url",
//                                          "download_url_expires_at"}
//   DELETE /{media_id}[?phone_number_id=]  {"success":true}
//   GET    /meta/whatsapp/media_download?token=   the bytes (no API key: the token is the key)
//   POST   /{app_id}/uploads?file_name=&file_length=&file_type=   {"id":"upload:<session>"}
//   POST   /upload:{session_id}            raw bytes from header file_offset -> {"h"} when the
//                                          file is complete, else {"id","file_offset"}
//   GET    /upload:{session_id}            {"id","file_offset"}
// The upload bodies are spooled to disk by the server and streamed into the blob store, never
// whole in memory. Unknown ids are Graph's object-not-found. Stateless besides the service.
class MetaMediaHandler {
public:
    explicit MetaMediaHandler(service::MediaService& media) : media_(media) {}

    Result<http::Response> Upload(const http::Request& req, http::RequestContext& ctx) const;
    // GET /{id} and DELETE /{id} when the id names media (kNotFound otherwise, so the
    // polymorphic node can try other kinds).
    Result<http::Response> GetNode(const http::Request& req, http::RequestContext& ctx) const;
    Result<http::Response> DeleteNode(const http::Request& req, http::RequestContext& ctx) const;
    Result<http::Response> Download(const http::Request& req, http::RequestContext& ctx) const;

    Result<http::Response> CreateUploadSession(const http::Request& req,
                                               http::RequestContext& ctx) const;
    Result<http::Response> AppendUpload(const http::Request& req, http::RequestContext& ctx) const;
    Result<http::Response> GetUpload(const http::Request& req, http::RequestContext& ctx) const;

private:
    service::MediaService& media_;
};

}  // namespace wharf::api
