#include "api/meta/media_handler.h"

#include <charconv>
#include <map>

#include "api/common/handler_adapter.h"
#include "api/meta/meta_phone_numbers_handler.h"
#include "base/json.h"
#include "base/time_format.h"
#include "domain/phone_number/phone_number_rules.h"
#include "http/multipart.h"

namespace wharf::api {
namespace {

namespace bj = boost::json;

Error GraphParam(std::string field, std::string details) {
    return Error::InvalidArgument("Invalid parameter")
        .WithField(field)
        .WithGraph(100, std::move(details));
}

// Field parts are short strings; a longer one is not what Meta's upload takes.
constexpr size_t kMaxFieldBytes = 1024;

// Collects an upload's fields and streams its `file` part into the service's upload.
class UploadVisitor final : public http::MultipartVisitor {
public:
    explicit UploadVisitor(service::MediaUpload& upload) : upload_(upload) {}

    Result<void> OnPartBegin(const http::MultipartPartHeaders& h) override {
        current_ = h.name;
        if (h.name == "file") {
            if (saw_file_) {
                return Fail(GraphParam("file", "Only one file may be uploaded at a time."));
            }
            saw_file_ = true;
            what.filename = h.filename;
            what.part_type = h.content_type;
        } else {
            fields_[current_].clear();
        }
        return {};
    }
    Result<void> OnPartData(std::string_view data) override {
        if (current_ == "file") {
            return upload_.Append(data);
        }
        std::string& v = fields_[current_];
        if (v.size() + data.size() > kMaxFieldBytes) {
            return Fail(GraphParam(current_, "Param " + current_ + " is too long."));
        }
        v.append(data);
        return {};
    }
    Result<void> OnPartEnd() override { return {}; }

    // After the parse: the fields Meta requires.
    Result<void> Check() {
        auto product = fields_.find("messaging_product");
        if (product == fields_.end()) {
            return Fail(
                GraphParam("messaging_product", "The parameter messaging_product is required."));
        }
        if (product->second != "whatsapp") {
            return Fail(
                GraphParam("messaging_product", "Param messaging_product must be 'whatsapp'."));
        }
        if (!saw_file_) {
            return Fail(GraphParam("file", "The parameter file is required."));
        }
        if (auto t = fields_.find("type"); t != fields_.end()) {
            what.type = t->second;
        }
        return {};
    }

    service::UploadDescription what;

private:
    service::MediaUpload& upload_;
    std::map<std::string, std::string> fields_;
    std::string current_;
    bool saw_file_ = false;
};

// The service's kNotFound as Graph's object-not-found for `id`; other results unchanged.
template <class T>
Result<T> OrGraphNotFound(Result<T> r, const std::string& id) {
    if (!r && r.error().code == ErrorCode::kNotFound) {
        return Fail(GraphObjectNotFound(id));
    }
    return r;
}

Result<MediaId> MediaIdParam(const http::RequestContext& ctx) {
    std::string id(ctx.Param("id"));
    if (!domain::IsMetaId(id)) {
        return Fail(GraphObjectNotFound(id));
    }
    return MediaId(id);
}

// phone_number_id, when given, must be a Meta id.
Result<std::optional<PhoneNumberId>> NumberQuery(const http::Request& req) {
    auto q = req.Query("phone_number_id");
    if (!q || q->empty()) {
        return std::optional<PhoneNumberId>();
    }
    if (!domain::IsMetaId(*q)) {
        return Fail(GraphParam("phone_number_id", "Param phone_number_id must be a valid id."));
    }
    return std::optional<PhoneNumberId>(PhoneNumberId(*q));
}

Result<uint64_t> ParseUnsigned(std::string_view text, const std::string& field) {
    uint64_t v = 0;
    auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
    if (text.empty() || ec != std::errc() || ptr != text.data() + text.size()) {
        return Fail(GraphParam(field, "Param " + field + " must be a non-negative integer."));
    }
    return v;
}

bj::object SessionJson(const domain::UploadSession& s) {
    return bj::object{{"id", "upload:" + s.id}, {"file_offset", s.offset}};
}

// Graph's resumable upload takes its parameters in the query string; clients that post them as
// a JSON or form body are accepted too.
std::optional<std::string> Param(const http::Request& req, const std::string& key) {
    if (auto q = req.Query(key)) {
        return q;
    }
    auto type = req.Header("content-type").value_or("");
    if (type.find("application/json") != std::string_view::npos) {
        auto body = json::Parse(req.body);
        if (body && body->is_object()) {
            if (const bj::value* v = body->as_object().if_contains(key)) {
                if (v->is_string()) {
                    return std::string(v->get_string());
                }
                if (v->is_int64() || v->is_uint64()) {
                    return bj::serialize(*v);
                }
            }
        }
    } else if (type.find("application/x-www-form-urlencoded") != std::string_view::npos) {
        for (auto& [k, v] : http::ParseFormBody(req.body)) {
            if (k == key) {
                return v;
            }
        }
    }
    return std::nullopt;
}

}  // namespace

Result<http::Response> MetaMediaHandler::Upload(const http::Request& req,
                                                http::RequestContext& ctx) const {
    std::string number(ctx.Param("phone_number_id"));
    if (!domain::IsMetaId(number)) {
        return Fail(GraphObjectNotFound(number));
    }
    auto boundary = http::MultipartBoundary(req.Header("content-type").value_or(""));
    if (!boundary) {
        return Fail(GraphParam("file",
                               "The request must be multipart/form-data (with a "
                               "boundary) carrying the parameter file."));
    }
    WHARF_ASSIGN_OR_RETURN(
        auto upload,
        OrGraphNotFound(media_.BeginUpload(ctx.Project(), PhoneNumberId(number)), number));
    UploadVisitor visitor(*upload);
    if (!req.body_file.empty()) {
        WHARF_TRY(http::ParseMultipartFile(req.body_file, *boundary, visitor));
    } else {
        http::MultipartParser parser(*boundary, visitor);
        WHARF_TRY(parser.Feed(req.body));
        WHARF_TRY(parser.Finish());
    }
    WHARF_TRY(visitor.Check());
    WHARF_ASSIGN_OR_RETURN(domain::Media m, media_.FinishUpload(*upload, visitor.what));
    return JsonResponse(200, bj::object{{"id", m.id.value()}});
}

Result<http::Response> MetaMediaHandler::GetNode(const http::Request& req,
                                                 http::RequestContext& ctx) const {
    WHARF_ASSIGN_OR_RETURN(MediaId id, MediaIdParam(ctx));
    WHARF_ASSIGN_OR_RETURN(auto number, NumberQuery(req));
    WHARF_ASSIGN_OR_RETURN(domain::Media m, media_.Get(ctx.Project(), id, number));
    service::MediaLinks links = media_.LinksFor(ctx.Project(), m);
    return JsonResponse(
        200, bj::object{{"messaging_product", "whatsapp"},
                        {"id", m.id.value()},
                        {"url", links.url},
                        {"mime_type", m.mime_type},
                        {"sha256", m.sha256},
                        {"file_size", std::to_string(m.file_size)},
                        {"download_url", links.download_url},
                        {"download_url_expires_at", FormatIso8601(links.download_url_expires_at)}});
}

Result<http::Response> MetaMediaHandler::DeleteNode(const http::Request& req,
                                                    http::RequestContext& ctx) const {
    WHARF_ASSIGN_OR_RETURN(MediaId id, MediaIdParam(ctx));
    WHARF_ASSIGN_OR_RETURN(auto number, NumberQuery(req));
    WHARF_TRY(OrGraphNotFound(media_.Delete(ctx.Project(), id, number), id.value()));
    return JsonResponse(200, bj::object{{"success", true}});
}

Result<http::Response> MetaMediaHandler::Download(const http::Request& req,
                                                  http::RequestContext&) const {
    auto token = req.Query("token");
    if (!token || token->empty()) {
        return Fail(Error::NotFound("the download token is missing"));
    }
    WHARF_ASSIGN_OR_RETURN(service::MediaFile f, media_.OpenDownload(*token));
    WHARF_ASSIGN_OR_RETURN(http::Response r, http::Response::File(200, f.path, f.media.mime_type));
    r.SetHeader("Content-Disposition", "inline; filename=\"" + f.media.id.value() + "\"");
    r.SetHeader("Cache-Control", "private, max-age=240");
    return r;
}

Result<http::Response> MetaMediaHandler::CreateUploadSession(const http::Request& req,
                                                             http::RequestContext& ctx) const {
    auto length = Param(req, "file_length");
    if (!length) {
        return Fail(GraphParam("file_length", "The parameter file_length is required."));
    }
    WHARF_ASSIGN_OR_RETURN(uint64_t n, ParseUnsigned(*length, "file_length"));
    auto type = Param(req, "file_type");
    if (!type) {
        return Fail(GraphParam("file_type", "The parameter file_type is required."));
    }
    WHARF_ASSIGN_OR_RETURN(
        domain::UploadSession s,
        media_.CreateSession(ctx.Project(), Param(req, "file_name").value_or(""), n, *type));
    return JsonResponse(200, bj::object{{"id", "upload:" + s.id}});
}

Result<http::Response> MetaMediaHandler::AppendUpload(const http::Request& req,
                                                      http::RequestContext& ctx) const {
    std::string id(ctx.Param("session_id"));
    auto offset_header = req.Header("file_offset");
    WHARF_ASSIGN_OR_RETURN(uint64_t offset,
                           ParseUnsigned(offset_header.value_or("0"), "file_offset"));
    std::string chunk = req.body_file;
    uint64_t size = req.body_size;
    if (chunk.empty()) {
        return Fail(Error::Internal("the upload route must spool its body"));
    }
    WHARF_ASSIGN_OR_RETURN(
        auto s, OrGraphNotFound(media_.AppendSession(ctx.Project(), id, offset, chunk, size),
                                "upload:" + id));
    if (s.handle) {
        return JsonResponse(200, bj::object{{"h", *s.handle}});
    }
    return JsonResponse(200, SessionJson(s));
}

Result<http::Response> MetaMediaHandler::GetUpload(const http::Request&,
                                                   http::RequestContext& ctx) const {
    std::string id(ctx.Param("session_id"));
    WHARF_ASSIGN_OR_RETURN(auto s,
                           OrGraphNotFound(media_.GetSession(ctx.Project(), id), "upload:" + id));
    bj::object out = SessionJson(s);
    if (s.handle) {
        out["h"] = *s.handle;
    }
    return JsonResponse(200, out);
}

}  // namespace wharf::api
