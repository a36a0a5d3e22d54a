#pragma once

#include "base/result.h"
#include "http/router.h"
#include "service/media_service.h"

namespace wharf::api {

// POST /platform/v1/whatsapp/media (contract §2.8): envelope `media_ingest` with
// phone_number_id, source (an http(s) URL), delivery (meta_media | meta_resumable_asset),
// optional filename and mime_type. wharf fetches the source (the outbound address guard
// applies) and answers 200 {"data":{"ingest_id","target":{"kind","media_id"|"handle"},
// "resource":{"filename","mime_type","size_bytes","sha256","source_url"}}}; the handle is what a
// template's header_handle example takes.
class PlatformMediaHandler {
public:
    explicit PlatformMediaHandler(service::MediaService& media) : media_(media) {}
    Result<http::Response> Ingest(const http::Request& req, http::RequestContext& ctx) const;

private:
    service::MediaService& media_;
};

}  // namespace wharf::api
