#include "api/json/contact_json.h"

#include "api/common/history_params.h"
#include "api/common/query_params.h"
#include "base/json.h"
#include "base/time_format.h"

namespace wharf::api {
namespace {

namespace bj = boost::json;

constexpr size_t kMaxNameLength = 256;
constexpr size_t kMaxMetadataBytes = 64 * 1024;

// The Platform's envelope: "contact" as documented, "whatsapp_contact" by analogy with the
// other WhatsApp resources.
Result<const bj::object*> ContactEnvelope(const bj::value& body, std::string& path) {
    path = "contact";
    if (body.is_object() && !body.get_object().contains("contact") &&
        body.get_object().contains("whatsapp_contact")) {
        path = "whatsapp_contact";
    }
    return json::Envelope(body, path);
}

// metadata: a JSON object (kept as its text) or null.
Result<Field<std::string>> Metadata(const bj::object& o, const json::ObjectReader& r) {
    Field<std::string> f;
    auto it = o.find("metadata");
    if (it == o.end()) {
        return f;
    }
    if (it->value().is_null()) {
        f.state = Field<std::string>::State::kNull;
        return f;
    }
    if (!it->value().is_object()) {
        return Fail(Error::InvalidArgument(r.PathOf("metadata") + " must be an object")
                        .WithField(r.PathOf("metadata")));
    }
    f.value = bj::serialize(it->value());
    if (f.value.size() > kMaxMetadataBytes) {
        return Fail(Error::InvalidArgument(r.PathOf("metadata") + " is too large")
                        .WithField(r.PathOf("metadata")));
    }
    f.state = Field<std::string>::State::kValue;
    return f;
}

Result<service::ContactPatch> ReadPatch(const bj::object& o, const std::string& path) {
    json::ObjectReader r(o, path);
    service::ContactPatch p;
    WHARF_ASSIGN_OR_RETURN(p.wa_id, r.String("wa_id", 64));
    WHARF_ASSIGN_OR_RETURN(p.profile_name, r.String("profile_name", kMaxNameLength));
    WHARF_ASSIGN_OR_RETURN(p.display_name, r.String("display_name", kMaxNameLength));
    WHARF_ASSIGN_OR_RETURN(p.customer_id, r.String("customer_id", 64));
    WHARF_ASSIGN_OR_RETURN(p.metadata, Metadata(o, r));
    return p;
}

}  // namespace

boost::json::object ContactToJson(const domain::Contact& c) {
    auto metadata = json::Parse(c.metadata);
    return bj::object{
        {"id", c.id.value()},
        {"wa_id", c.wa_id},
        {"business_scoped_user_id", nullptr},
        {"parent_business_scoped_user_id", nullptr},
        {"username", nullptr},
        {"profile_name", json::OrNull(c.profile_name)},
        {"display_name", json::OrNull(c.display_name)},
        {"customer_id", c.customer_id ? bj::value(c.customer_id->value()) : bj::value(nullptr)},
        {"metadata", metadata && metadata->is_object() ? std::move(*metadata) : bj::object()},
        {"phone_number_id", c.phone_number_id.value()},
        {"created_at", FormatIso8601Micros(c.created_at)},
        {"updated_at", FormatIso8601Micros(c.updated_at)}};
}

Result<service::ContactCreate> ParseContactCreate(const boost::json::value& body) {
    std::string path;
    WHARF_ASSIGN_OR_RETURN(const bj::object* o, ContactEnvelope(body, path));
    WHARF_ASSIGN_OR_RETURN(service::ContactPatch p, ReadPatch(*o, path));
    json::ObjectReader r(*o, path);
    if (!p.wa_id.has_value()) {
        return Fail(Error::InvalidArgument(r.PathOf("wa_id") + " is required")
                        .WithField(r.PathOf("wa_id")));
    }
    WHARF_ASSIGN_OR_RETURN(auto number, r.String("phone_number_id", 64));
    service::ContactCreate in;
    in.wa_id = p.wa_id.value;
    if (number.has_value()) {
        in.phone_number_id = PhoneNumberId(number.value);
    }
    in.profile_name = p.profile_name.AsOptional();
    in.display_name = p.display_name.AsOptional();
    in.customer_id = p.customer_id.AsOptional();
    in.metadata = p.metadata.AsOptional();
    return in;
}

Result<service::ContactPatch> ParseContactPatch(const boost::json::value& body,
                                                HistorySurface surface) {
    if (surface == HistorySurface::kPlatform) {
        std::string path;
        WHARF_ASSIGN_OR_RETURN(const bj::object* o, ContactEnvelope(body, path));
        return ReadPatch(*o, path);
    }
    if (!body.is_object()) {
        return Fail(Error::Malformed("the body must be a JSON object"));
    }
    return ReadPatch(body.get_object(), "");
}

Result<domain::ContactFilter> ParseContactQuery(const http::Request& req, HistorySurface surface) {
    domain::ContactFilter f;
    if (surface == HistorySurface::kPlatform) {
        WHARF_TRY(RejectUnsupportedParams(
            req,
            {"customer_external_id", "profile_name_contains", "wa_id_contains",
             "business_scoped_user_id", "created_after", "created_before", "page", "per_page"}));
        WHARF_ASSIGN_OR_RETURN(auto number, QueryString(req, "phone_number_id", 64));
        if (number) {
            f.phone_number_id = PhoneNumberId(*number);
        }
    }
    WHARF_ASSIGN_OR_RETURN(f.wa_id, QueryWaId(req, "wa_id"));
    WHARF_ASSIGN_OR_RETURN(auto customer, QueryString(req, "customer_id", 64));
    if (customer) {
        f.customer_id = CustomerId(*customer);
    }
    WHARF_ASSIGN_OR_RETURN(f.has_customer, QueryBool(req, "has_customer"));
    return f;
}

}  // namespace wharf::api
