#include "domain/event/event_payload.h"

#include "base/json.h"
#include "base/time_format.h"
#include "domain/history/conversation_wire.h"
#include "domain/history/message_wire.h"

namespace wharf::domain {
namespace {

namespace bj = boost::json;

bj::object ConversationObject(const Conversation& c, const PayloadContext& ctx) {
    return ConversationToJson(c, ctx.contact_name, ctx.phone_config_id, KapsoFields::All());
}

bj::object MetaEnvelope(const MetaNumberRef& number, bj::object fields) {
    // Meta's key order: messaging_product, metadata, then contacts/messages or statuses.
    bj::object value{{"messaging_product", "whatsapp"},
                     {"metadata", bj::object{{"display_phone_number", number.display_phone_number},
                                             {"phone_number_id", number.phone_number_id}}}};
    for (auto& kv : fields) {
        value[kv.key()] = std::move(kv.value());
    }
    return bj::object{{"object", "whatsapp_business_account"},
                      {"entry", bj::array{bj::object{
                                    {"id", number.business_account_id},
                                    {"changes", bj::array{bj::object{{"value", std::move(value)},
                                                                     {"field", "messages"}}}}}}}};
}

}  // namespace

boost::json::object MessageEventPayload(const Message& m, const Conversation& c,
                                        const PayloadContext& ctx, bool is_new_conversation) {
    return bj::object{{"message", MessageToJson(m, ctx.contact_name, KapsoFields::All(),
                                                HistorySurface::kMetaProxy)},
                      {"conversation", ConversationObject(c, ctx)},
                      {"is_new_conversation", is_new_conversation},
                      {"phone_number_id", m.phone_number_id.value()}};
}

boost::json::object ConversationEventPayload(const Conversation& c, const PayloadContext& ctx) {
    return bj::object{{"conversation", ConversationObject(c, ctx)},
                      {"phone_number_id", c.phone_number_id.value()}};
}

boost::json::object MetaMessageObject(const MetaNumberRef& number, const Message& m) {
    bj::object msg{{"from", m.wa_id},
                   {"id", m.wamid},
                   {"timestamp", std::to_string(UnixSeconds(m.created_at))},
                   {"type", m.type}};
    if (m.context_message_id) {
        msg["context"] =
            bj::object{{"from", number.display_phone_number}, {"id", *m.context_message_id}};
    }
    if (!msg.contains(m.type)) {  // a simulated user's type must not overwrite the envelope
        auto payload = json::Parse(m.payload);
        msg[m.type] = payload ? std::move(*payload) : bj::value(bj::object());
    }
    return msg;
}

boost::json::object MetaInboundWebhook(const MetaNumberRef& number, const std::string& wa_id,
                                       const std::optional<std::string>& profile_name,
                                       boost::json::object message) {
    bj::object contact{{"profile", bj::object{{"name", profile_name.value_or("")}}},
                       {"wa_id", wa_id}};
    return MetaEnvelope(number, bj::object{{"contacts", bj::array{std::move(contact)}},
                                           {"messages", bj::array{std::move(message)}}});
}

boost::json::object MetaStatusWebhook(const MetaNumberRef& number,
                                      const boost::json::object& status) {
    return MetaEnvelope(number, bj::object{{"statuses", bj::array{status}}});
}

std::string SerializedMetaStatusWebhook(const MetaNumberRef& number, std::string_view status_json) {
    // MetaEnvelope's keys, in its order.
    auto quoted = [](const std::string& s) { return bj::serialize(bj::value(s)); };
    std::string out = R"({"object":"whatsapp_business_account","entry":[{"id":)";
    out += quoted(number.business_account_id);
    out += R"(,"changes":[{"value":{"messaging_product":"whatsapp","metadata":{)";
    out += R"("display_phone_number":)";
    out += quoted(number.display_phone_number);
    out += R"(,"phone_number_id":)";
    out += quoted(number.phone_number_id);
    out += R"(},"statuses":[)";
    out += status_json;
    out += R"(]},"field":"messages"}]}]})";
    return out;
}

}  // namespace wharf::domain
