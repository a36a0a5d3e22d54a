#include "domain/history/conversation_wire.h"

#include "base/json.h"
#include "base/time_format.h"

namespace wharf::domain {
namespace {

namespace bj = boost::json;

bj::value TimeOrNull(const std::optional<Timestamp>& t) {
    return t ? bj::value(FormatIso8601Micros(*t)) : bj::value(nullptr);
}

bj::value MetadataObject(const std::string& text) {
    auto v = json::Parse(text);
    return v && v->is_object() ? std::move(*v) : bj::value(bj::object());
}

}  // namespace

boost::json::object ConversationToJson(const Conversation& c,
                                       const std::optional<std::string>& contact_name,
                                       const std::optional<PhoneConfigId>& phone_config_id,
                                       const KapsoFields& fields) {
    bj::object o{{"id", c.id.value()},
                 {"phone_number", c.wa_id},
                 {"business_scoped_user_id", nullptr},
                 {"parent_business_scoped_user_id", nullptr},
                 {"username", nullptr},
                 {"status", ConversationStatusName(c.status)},
                 {"last_active_at", FormatIso8601Micros(c.last_active_at)},
                 {"created_at", FormatIso8601Micros(c.created_at)},
                 {"updated_at", FormatIso8601Micros(c.updated_at)},
                 {"metadata", MetadataObject(c.metadata)},
                 {"phone_number_id", c.phone_number_id.value()}};
    if (phone_config_id) {
        o["whatsapp_config_id"] = phone_config_id->value();
    }
    if (!fields.Any()) {
        return o;
    }
    bj::object k;
    auto put = [&](const char* name, auto&& value) {
        if (fields.Has(name)) {
            k[name] = std::forward<decltype(value)>(value);
        }
    };
    put("contact_name", json::OrNull(contact_name));
    put("messages_count", c.messages_count);
    put("last_message_id", json::OrNull(c.last_message_id));
    put("last_message_type", json::OrNull(c.last_message_type));
    put("last_message_timestamp", TimeOrNull(c.last_message_at));
    put("last_message_text", json::OrNull(c.last_message_text));
    put("last_inbound_at", TimeOrNull(c.last_inbound_at));
    put("last_outbound_at", TimeOrNull(c.last_outbound_at));
    o["kapso"] = std::move(k);
    return o;
}

}  // namespace wharf::domain
