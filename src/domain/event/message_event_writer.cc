#include "domain/event/message_event_writer.h"

#include <optional>

#include <boost/json.hpp>

#include "base/time_format.h"
#include "domain/event/json_writer.h"
#include "domain/history/kapso_fields.h"
#include "domain/history/message_wire.h"

namespace wharf::domain {
namespace {

namespace bj = boost::json;

// MessageToJson's kapso fields that it derives from the parsed payload (media, type data, Flow
// and order fields); it writes them after statuses, in its own order. A kapso field added to
// MessageToJson must be written here too (the byte-equality tests fail until it is).
const KapsoFields& PayloadDerivedFields() {
    static const KapsoFields fields =
        KapsoFields::Parse(std::string("kapso(media_url,media_data,message_type_data,flow_token,"
                                       "flow_response,order_text)"))
            .value();
    return fields;
}

// Writes a record's timestamps as FormatIso8601Micros strings, formatting each distinct time
// once (a conversation's times are mostly the same instant: its last message's). The text is
// digits and "-:.TZ" only (a digit of a negative year included, '0' - 9 being an apostrophe),
// none of which JSON escapes, so it is quoted without escaping.
class TimeWriter {
public:
    explicit TimeWriter(JsonWriter& w) : w_(w) {}

    void Time(Timestamp t) {
        if (!last_ || *last_ != t) {
            text_ = FormatIso8601Micros(t);
            last_ = t;
        }
        w_.Raw("\"");
        w_.Raw(text_);
        w_.Raw("\"");
    }

    void TimeOrNull(const std::optional<Timestamp>& t) {
        if (t) {
            Time(*t);
        } else {
            w_.Null();
        }
    }

private:
    JsonWriter& w_;
    std::optional<Timestamp> last_;
    std::string text_;
};

// MessageToJson(m, contact_name, KapsoFields::All(), HistorySurface::kMetaProxy), in its key
// order.
void WriteMessage(JsonWriter& w, const Message& m, const std::optional<std::string>& contact_name) {
    // The payload-derived kapso fields come from MessageToJson itself, asked for those alone
    // (it then parses neither statuses nor anything else). A text message without media has
    // none, and needs no parse at all.
    std::optional<bj::object> derived;
    if (m.type != "text" || m.has_media) {
        derived =
            MessageToJson(m, contact_name, PayloadDerivedFields(), HistorySurface::kMetaProxy);
    }
    const bool inbound = m.direction == MessageDirection::kInbound;
    w.Raw(R"({"id":)");
    w.String(m.wamid);
    w.Raw(R"(,"timestamp":")");
    w.Int(UnixSeconds(m.created_at));
    w.Raw(R"(","type":)");
    w.String(m.type);
    // The user is `from` of an inbound message and `to` of an outbound one; the other is null.
    if (inbound) {
        w.Raw(R"(,"from":)");
        w.String(m.wa_id);
        w.Raw(R"(,"to":null)");
    } else {
        w.Raw(R"(,"from":null,"to":)");
        w.String(m.wa_id);
    }
    if (m.context_message_id) {
        w.Raw(R"(,"context":{"id":)");
        w.String(*m.context_message_id);
        w.Raw("}");
    }
    // The type's object, unless the type names a key the envelope has.
    const bool type_is_taken = m.type == "id" || m.type == "timestamp" || m.type == "type" ||
                               m.type == "from" || m.type == "to" || m.type == "kapso" ||
                               (m.type == "context" && m.context_message_id);
    if (!type_is_taken) {
        w.Raw(",");
        w.String(m.type);
        w.Raw(":");
        const bj::value* parsed = derived ? derived->if_contains(m.type) : nullptr;
        if (parsed != nullptr) {
            w.Raw(bj::serialize(*parsed));
        } else {
            w.StoredText(m.payload, JsonWriter::Expect::kAny, "{}");
        }
    }
    w.Raw(R"(,"kapso":{"direction":)");
    w.String(MessageDirectionName(m.direction));
    w.Raw(R"(,"status":)");
    w.String(KapsoMessageStatus(m));
    w.Raw(R"(,"processing_status":"completed","origin":"cloud_api","phone_number":"+)");
    w.Escaped(m.wa_id);
    w.Raw(R"(","phone_number_id":)");
    w.String(m.phone_number_id.value());
    w.Raw(R"(,"has_media":)");
    w.Bool(m.has_media);
    w.Raw(R"(,"whatsapp_conversation_id":)");
    w.String(m.conversation_id.value());
    w.Raw(R"(,"contact_name":)");
    w.StringOrNull(contact_name);
    w.Raw(R"(,"content":)");
    if (m.content.empty()) {
        w.Null();
    } else {
        w.String(m.content);
    }
    w.Raw(R"(,"statuses":)");
    w.StoredText(m.statuses, JsonWriter::Expect::kArray, "[]");
    if (derived) {
        if (const bj::value* kapso = derived->if_contains("kapso");
            kapso != nullptr && kapso->is_object()) {
            for (const auto& kv : kapso->get_object()) {
                w.Raw(",");
                w.String(kv.key());
                w.Raw(":");
                w.Raw(bj::serialize(kv.value()));
            }
        }
    }
    w.Raw("}}");
}

// ConversationToJson(c, ctx.contact_name, ctx.phone_config_id, KapsoFields::All()), in its key
// order.
void WriteConversation(JsonWriter& w, const Conversation& c, const PayloadContext& ctx) {
    TimeWriter times(w);
    w.Raw(R"({"id":)");
    w.String(c.id.value());
    w.Raw(R"(,"phone_number":)");
    w.String(c.wa_id);
    w.Raw(R"(,"business_scoped_user_id":null,"parent_business_scoped_user_id":null,"username":null)"
          R"(,"status":)");
    w.String(ConversationStatusName(c.status));
    w.Raw(R"(,"last_active_at":)");
    times.Time(c.last_active_at);
    w.Raw(R"(,"created_at":)");
    times.Time(c.created_at);
    w.Raw(R"(,"updated_at":)");
    times.Time(c.updated_at);
    w.Raw(R"(,"metadata":)");
    w.StoredText(c.metadata, JsonWriter::Expect::kObject, "{}");
    w.Raw(R"(,"phone_number_id":)");
    w.String(c.phone_number_id.value());
    if (ctx.phone_config_id) {
        w.Raw(R"(,"whatsapp_config_id":)");
        w.String(ctx.phone_config_id->value());
    }
    w.Raw(R"(,"kapso":{"contact_name":)");
    w.StringOrNull(ctx.contact_name);
    w.Raw(R"(,"messages_count":)");
    w.Int(c.messages_count);
    w.Raw(R"(,"last_message_id":)");
    w.StringOrNull(c.last_message_id);
    w.Raw(R"(,"last_message_type":)");
    w.StringOrNull(c.last_message_type);
    w.Raw(R"(,"last_message_timestamp":)");
    times.TimeOrNull(c.last_message_at);
    w.Raw(R"(,"last_message_text":)");
    w.StringOrNull(c.last_message_text);
    w.Raw(R"(,"last_inbound_at":)");
    times.TimeOrNull(c.last_inbound_at);
    w.Raw(R"(,"last_outbound_at":)");
    times.TimeOrNull(c.last_outbound_at);
    w.Raw("}}");
}

}  // namespace

std::string SerializedMessageEventPayload(const Message& m, const Conversation& c,
                                          const PayloadContext& ctx, bool is_new_conversation) {
    std::string out;
    // The keys, ids and timestamps take about 1.2 KB; the free-form fields come on top (once
    // more for what the kapso fields repeat of the payload, which the margin mostly covers).
    out.reserve(1536 + m.payload.size() + m.statuses.size() + m.content.size() + c.metadata.size() +
                (c.last_message_text ? c.last_message_text->size() : 0));
    JsonWriter w(out);
    w.Raw(R"({"message":)");
    WriteMessage(w, m, ctx.contact_name);
    w.Raw(R"(,"conversation":)");
    WriteConversation(w, c, ctx);
    w.Raw(R"(,"is_new_conversation":)");
    w.Bool(is_new_conversation);
    w.Raw(R"(,"phone_number_id":)");
    w.String(m.phone_number_id.value());
    w.Raw("}");
    return out;
}

}  // namespace wharf::domain
