#include "domain/webhook/meta_webhook.h"

namespace wharf::domain {

namespace bj = boost::json;

namespace {

std::optional<std::string> Str(const bj::object& o, std::string_view key) {
    auto it = o.find(key);
    if (it == o.end() || !it->value().is_string()) {
        return std::nullopt;
    }
    return std::string(it->value().get_string());
}

const bj::array* Arr(const bj::object& o, std::string_view key) {
    auto it = o.find(key);
    return it != o.end() && it->value().is_array() ? &it->value().get_array() : nullptr;
}

const bj::object* Obj(const bj::object& o, std::string_view key) {
    auto it = o.find(key);
    return it != o.end() && it->value().is_object() ? &it->value().get_object() : nullptr;
}

MetaNumberUpdate ParseValue(const bj::object& value, const std::string& waba) {
    MetaNumberUpdate u;
    u.business_account_id = waba;
    if (const bj::object* meta = Obj(value, "metadata")) {
        u.phone_number_id = Str(*meta, "phone_number_id").value_or("");
        u.display_phone_number = Str(*meta, "display_phone_number").value_or("");
    }
    std::vector<std::pair<std::string, std::string>> names;  // wa_id -> profile name
    if (const bj::array* contacts = Arr(value, "contacts")) {
        for (const auto& c : *contacts) {
            if (!c.is_object()) {
                continue;
            }
            auto wa = Str(c.get_object(), "wa_id");
            const bj::object* profile = Obj(c.get_object(), "profile");
            auto name = profile ? Str(*profile, "name") : std::nullopt;
            if (wa && name) {
                names.emplace_back(*wa, *name);
            }
        }
    }
    if (const bj::array* messages = Arr(value, "messages")) {
        for (const auto& m : *messages) {
            if (!m.is_object()) {
                continue;
            }
            const bj::object& o = m.get_object();
            auto id = Str(o, "id");
            auto from = Str(o, "from");
            auto type = Str(o, "type");
            if (!id || !from || !type) {
                continue;
            }
            MetaInboundMessage im{*id,   *from, Str(o, "timestamp").value_or("0"),
                                  *type, o,     std::nullopt};
            for (const auto& [wa, name] : names) {
                if (wa == *from) {
                    im.profile_name = name;
                }
            }
            u.messages.push_back(std::move(im));
        }
    }
    if (const bj::array* statuses = Arr(value, "statuses")) {
        for (const auto& s : *statuses) {
            if (!s.is_object()) {
                continue;
            }
            const bj::object& o = s.get_object();
            auto id = Str(o, "id");
            auto status = Str(o, "status");
            if (!id || !status) {
                continue;
            }
            u.statuses.push_back(MetaStatusUpdate{*id, *status, Str(o, "timestamp").value_or("0"),
                                                  Str(o, "recipient_id").value_or(""), o});
        }
    }
    if (const bj::array* errors = Arr(value, "errors")) {
        for (const auto& e : *errors) {
            if (e.is_object()) {
                u.errors.push_back(e.get_object());
            }
        }
    }
    return u;
}

}  // namespace

Result<std::vector<MetaNumberUpdate>> ParseMetaWebhook(const bj::value& body) {
    if (!body.is_object() || Str(body.get_object(), "object") != "whatsapp_business_account" ||
        Arr(body.get_object(), "entry") == nullptr) {
        return Fail(Error::InvalidArgument(
            "not a WhatsApp Business Account webhook (object and entry[] are required)"));
    }
    std::vector<MetaNumberUpdate> out;
    for (const auto& entry : *Arr(body.get_object(), "entry")) {
        if (!entry.is_object()) {
            continue;
        }
        std::string waba = Str(entry.get_object(), "id").value_or("");
        const bj::array* changes = Arr(entry.get_object(), "changes");
        if (changes == nullptr) {
            continue;
        }
        for (const auto& change : *changes) {
            if (!change.is_object() || Str(change.get_object(), "field") != "messages") {
                continue;
            }
            const bj::object* value = Obj(change.get_object(), "value");
            if (value == nullptr) {
                continue;
            }
            MetaNumberUpdate u = ParseValue(*value, waba);
            if (!u.phone_number_id.empty()) {
                out.push_back(std::move(u));
            }
        }
    }
    return out;
}

}  // namespace wharf::domain
