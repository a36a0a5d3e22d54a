#include "api/platform/media_handler.h"

#include "api/common/handler_adapter.h"
#include "base/json.h"
#include "domain/phone_number/phone_number_rules.h"

namespace wharf::api {

namespace bj = boost::json;

Result<http::Response> PlatformMediaHandler::Ingest(const http::Request& req,
                                                    http::RequestContext& ctx) const {
    WHARF_ASSIGN_OR_RETURN(auto body, json::Parse(req.body));
    WHARF_ASSIGN_OR_RETURN(const bj::object* o, json::Envelope(body, "media_ingest"));
    json::ObjectReader r(*o, "media_ingest");
    WHARF_ASSIGN_OR_RETURN(auto number, r.String("phone_number_id", 64));
    WHARF_ASSIGN_OR_RETURN(auto source, r.String("source", 2048));
    WHARF_ASSIGN_OR_RETURN(auto delivery, r.String("delivery", 64));
    WHARF_ASSIGN_OR_RETURN(auto filename, r.String("filename", 240));
    WHARF_ASSIGN_OR_RETURN(auto mime, r.String("mime_type", 255));
    if (!number.AsOptional() || number.AsOptional()->empty()) {
        return Fail(
            Error::InvalidArgument("phone_number_id is required").WithField("phone_number_id"));
    }
    if (!domain::IsMetaId(*number.AsOptional())) {
        return Fail(Error::NotFound("phone number not found").WithField("phone_number_id"));
    }
    if (!source.AsOptional() || source.AsOptional()->empty()) {
        return Fail(Error::InvalidArgument("source is required").WithField("source"));
    }
    service::MediaIngestRequest in;
    in.phone_number_id = PhoneNumberId(*number.AsOptional());
    in.source = *source.AsOptional();
    in.delivery = delivery.AsOptional().value_or("meta_media");
    in.filename = filename.AsOptional();
    in.mime_type = mime.AsOptional();
    WHARF_ASSIGN_OR_RETURN(service::MediaIngestResult out, media_.Ingest(ctx.Project(), in));
    bj::object target{{"kind", out.kind}};
    if (out.media_id) {
        target["media_id"] = *out.media_id;
    }
    if (out.handle) {
        target["handle"] = *out.handle;
    }
    return DataResponse(200, bj::object{{"ingest_id", out.ingest_id},
                                        {"target", std::move(target)},
                                        {"resource", bj::object{{"filename", out.filename},
                                                                {"mime_type", out.mime_type},
                                                                {"size_bytes", out.size_bytes},
                                                                {"sha256", out.sha256},
                                                                {"source_url", out.source_url}}}});
}

}  // namespace wharf::api
