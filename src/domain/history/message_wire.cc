#include "domain/history/message_wire.h"

#include "base/json.h"
#include "base/time_format.h"

namespace wharf::domain {
namespace {

namespace bj = boost::json;

const bj::value* Find(const bj::object& o, std::string_view key) {
    auto it = o.find(key);
    return it == o.end() ? nullptr : &it->value();
}

// Copies o[key] into out[out_key] when present and not null.
void CopyIf(const bj::object& o, std::string_view key, bj::object& out,
            std::string_view out_key = {}) {
    if (const bj::value* v = Find(o, key); v != nullptr && !v->is_null()) {
        out[out_key.empty() ? key : out_key] = *v;
    }
}

std::string Lower(std::string_view s) {
    std::string out(s);
    for (char& c : out) {
        if (c >= 'A' && c <= 'Z') {
            c = static_cast<char>(c - 'A' + 'a');
        }
    }
    return out;
}

bool IsMedia(std::string_view type) {
    return type == "image" || type == "video" || type == "audio" || type == "document" ||
           type == "sticker";
}

// The text parameters of a template's body component, in order.
bj::array TemplateParams(const bj::object& tpl) {
    bj::array params;
    const bj::value* components = Find(tpl, "components");
    if (components == nullptr || !components->is_array()) {
        return params;
    }
    for (const auto& c : components->get_array()) {
        if (!c.is_object()) {
            continue;
        }
        const bj::value* type = Find(c.get_object(), "type");
        const bj::value* ps = Find(c.get_object(), "parameters");
        if (type == nullptr || !type->is_string() || Lower(type->get_string()) != "body" ||
            ps == nullptr || !ps->is_array()) {
            continue;
        }
        for (const auto& p : ps->get_array()) {
            if (p.is_object()) {
                if (const bj::value* text = Find(p.get_object(), "text");
                    text != nullptr && text->is_string()) {
                    params.push_back(*text);
                }
            }
        }
    }
    return params;
}

// kapso.message_type_data: the parts of the type object a reader wants without knowing Meta's
// nesting. Empty when the type has nothing beyond its content (text).
bj::object MessageTypeData(std::string_view type, const bj::value& payload) {
    bj::object out;
    if (!payload.is_object()) {
        return out;
    }
    const bj::object& p = payload.get_object();
    if (IsMedia(type)) {
        CopyIf(p, "caption", out);
        CopyIf(p, "filename", out);
        CopyIf(p, "voice", out);
        out["has_media"] = true;
    } else if (type == "template") {
        CopyIf(p, "name", out);
        CopyIf(p, "language", out);
        out["params"] = TemplateParams(p);
    } else if (type == "interactive") {
        CopyIf(p, "type", out);
        if (const bj::value* body = Find(p, "body"); body != nullptr && body->is_object()) {
            CopyIf(body->get_object(), "text", out, "body_text");
        }
        for (const char* reply : {"button_reply", "list_reply", "nfm_reply"}) {
            if (const bj::value* r = Find(p, reply); r != nullptr && r->is_object()) {
                CopyIf(r->get_object(), "id", out);
                CopyIf(r->get_object(), "title", out);
                CopyIf(r->get_object(), "description", out);
                CopyIf(r->get_object(), "name", out);
                CopyIf(r->get_object(), "body", out, "body_text");
            }
        }
    } else if (type == "location") {
        for (const char* k : {"latitude", "longitude", "name", "address"}) {
            CopyIf(p, k, out);
        }
    } else if (type == "reaction") {
        CopyIf(p, "emoji", out);
        CopyIf(p, "message_id", out);
    } else if (type == "button") {
        CopyIf(p, "text", out);
        CopyIf(p, "payload", out);
    }
    return out;
}

// kapso.media_data from what the type object says about its file: link, filename, mime type.
bj::object MediaData(const bj::value& payload) {
    bj::object out;
    if (!payload.is_object()) {
        return out;
    }
    CopyIf(payload.get_object(), "link", out, "url");
    CopyIf(payload.get_object(), "filename", out);
    CopyIf(payload.get_object(), "mime_type", out, "content_type");
    return out;
}

// kapso.flow_response / flow_token from a Flow's nfm_reply (its response_json is a JSON string).
void AddFlowFields(const bj::value& payload, const KapsoFields& fields, bj::object& kapso) {
    if (!payload.is_object()) {
        return;
    }
    const bj::value* nfm = Find(payload.get_object(), "nfm_reply");
    if (nfm == nullptr || !nfm->is_object()) {
        return;
    }
    const bj::value* text = Find(nfm->get_object(), "response_json");
    if (text == nullptr || !text->is_string()) {
        return;
    }
    auto response = json::Parse(text->get_string());
    if (!response || !response->is_object()) {
        return;
    }
    if (fields.Has("flow_token")) {
        CopyIf(response->get_object(), "flow_token", kapso);
    }
    if (fields.Has("flow_response")) {
        kapso["flow_response"] = std::move(*response);
    }
}

bj::object KapsoObject(const Message& m, const std::optional<std::string>& contact_name,
                       const bj::value& payload, const KapsoFields& f, HistorySurface surface) {
    bj::object k;
    auto put = [&](const char* name, auto&& value) {
        if (f.Has(name)) {
            k[name] = std::forward<decltype(value)>(value);
        }
    };
    put("direction", MessageDirectionName(m.direction));
    put("status", KapsoMessageStatus(m));
    put("processing_status", surface == HistorySurface::kMetaProxy ? "completed" : "processed");
    put("origin", "cloud_api");
    put("phone_number", surface == HistorySurface::kMetaProxy ? "+" + m.wa_id : m.wa_id);
    put("phone_number_id", m.phone_number_id.value());
    put("has_media", m.has_media);
    put("whatsapp_conversation_id", m.conversation_id.value());
    put("contact_name", json::OrNull(contact_name));
    put("content", m.content.empty() ? bj::value(nullptr) : bj::value(m.content));
    if (f.Has("statuses")) {
        auto statuses = json::Parse(m.statuses);
        k["statuses"] = statuses && statuses->is_array() ? std::move(*statuses) : bj::array();
    }
    if (m.has_media) {
        bj::object media = MediaData(payload);
        if (media.contains("url")) {
            put("media_url", media.at("url"));
        }
        if (!media.empty()) {
            put("media_data", std::move(media));
        }
    }
    if (f.Has("message_type_data")) {
        if (bj::object data = MessageTypeData(m.type, payload); !data.empty()) {
            k["message_type_data"] = std::move(data);
        }
    }
    if (m.type == "interactive") {
        AddFlowFields(payload, f, k);
    }
    if (m.type == "order" && payload.is_object()) {
        if (const bj::value* text = Find(payload.get_object(), "text");
            text != nullptr && text->is_string()) {
            put("order_text", *text);
        }
    }
    return k;
}

}  // namespace

std::string KapsoMessageStatus(const Message& m) {
    if (m.status == "accepted") {
        return "pending";
    }
    if (m.status == "received") {
        return "delivered";
    }
    if (m.status == "played") {
        return "read";
    }
    return m.status;
}

boost::json::object MessageToJson(const Message& m, const std::optional<std::string>& contact_name,
                                  const KapsoFields& fields, HistorySurface surface) {
    const bool inbound = m.direction == MessageDirection::kInbound;
    bj::object o{{"id", m.wamid},
                 {"timestamp", std::to_string(UnixSeconds(m.created_at))},
                 {"type", m.type},
                 {"from", inbound ? bj::value(m.wa_id) : bj::value(nullptr)},
                 {"to", inbound ? bj::value(nullptr) : bj::value(m.wa_id)}};
    if (m.context_message_id) {
        o["context"] = bj::object{{"id", *m.context_message_id}};
    }
    auto payload = json::Parse(m.payload);
    bj::value type_object = payload ? std::move(*payload) : bj::value(bj::object());
    // A simulated user's message may name any type; it must not overwrite the envelope.
    if (!o.contains(m.type) && m.type != "kapso") {
        o[m.type] = type_object;
    }
    if (fields.Any()) {
        o["kapso"] = KapsoObject(m, contact_name, type_object, fields, surface);
    }
    return o;
}

}  // namespace wharf::domain
