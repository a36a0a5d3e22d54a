#include "service/messaging_service.h"

#include <cstdlib>

#include "base/log.h"
#include "base/random.h"
#include "base/time_format.h"
#include "domain/contact/contact.h"
#include "domain/conversation/service_window.h"
#include "domain/event/event.h"
#include "domain/event/event_payload.h"
#include "domain/event/message_event_writer.h"
#include "domain/message/message_content.h"
#include "domain/message/message_status.h"
#include "domain/message/message_validator.h"
#include "domain/message/wamid.h"
#include "domain/template/template_renderer.h"
#include "domain/webhook/meta_webhook.h"
#include "service/access_token.h"
#include "service/parse_ahead.h"

namespace wharf::service {
namespace {

namespace bj = boost::json;
constexpr auto kConversationIdle = std::chrono::hours(24);

domain::MetaNumberRef MetaRef(const domain::PhoneNumber& n) {
    return {n.phone_number_id.value(), n.display_phone_number_normalized.value_or(""),
            n.business_account_id.value()};
}

domain::PayloadContext PayloadFor(const domain::PhoneNumber& n, const domain::Contact& c) {
    return {n.internal_id, domain::ContactName(c)};
}

// An outbox event: the v2 body (serialised already), and for message events Meta's webhook body.
domain::Event MakeEvent(const char* type, const PhoneNumberId& number,
                        const ConversationId& conversation, std::string payload,
                        const std::optional<bj::object>& meta_payload, Timestamp now) {
    domain::Event e;
    e.id = EventId(NewUuidV7(now));  // time-ordered: the events' id index grows at its end
    e.type = type;
    e.phone_number_id = number;
    e.conversation_id = conversation;
    e.payload = std::move(payload);
    if (meta_payload) {
        e.meta_payload = bj::serialize(*meta_payload);
    }
    e.created_at = now;
    return e;
}

domain::Event MakeEvent(const char* type, const PhoneNumberId& number,
                        const ConversationId& conversation, const bj::object& payload,
                        const std::optional<bj::object>& meta_payload, Timestamp now) {
    return MakeEvent(type, number, conversation, bj::serialize(payload), meta_payload, now);
}

// Ends an idle conversation (24 hours after its last activity) and returns its ended event; the
// caller writes both in its transaction.
domain::Event EndIdleConversation(domain::Conversation& c, const domain::PayloadContext& ctx,
                                  Timestamp now) {
    c.status = domain::ConversationStatus::kEnded;
    c.ended_at = c.last_active_at + kConversationIdle;
    c.updated_at = now;
    return MakeEvent(domain::kEventConversationEnded, c.phone_number_id, c.id,
                     domain::ConversationEventPayload(c, ctx), std::nullopt, now);
}

// The contact and active conversation for (number, wa_id), created when missing; a conversation
// idle for 24 hours is ended first. Appends the events of what changed.
struct Thread {
    domain::Contact contact;
    domain::Conversation conversation;
    bool is_new_conversation = false;
};

Result<Thread> ResolveThread(store::Store& tx, const ProjectId& project,
                             const domain::PhoneNumber& number, const std::string& wa_id,
                             Timestamp now, std::vector<domain::Event>& events) {
    Thread t;
    auto contact = tx.Contacts().Find(project, number.phone_number_id, wa_id);
    if (contact) {
        t.contact = std::move(*contact);
    } else if (contact.error().code == ErrorCode::kNotFound) {
        t.contact.id = ContactId(NewUuidV7(now));
        t.contact.phone_number_id = number.phone_number_id;
        t.contact.wa_id = wa_id;
        t.contact.created_at = t.contact.updated_at = now;
        WHARF_TRY(tx.Contacts().Insert(project, t.contact));
    } else {
        return Fail(std::move(contact).error());
    }
    auto conv = tx.Conversations().FindActive(project, number.phone_number_id, wa_id);
    if (conv && now - conv->last_active_at >= kConversationIdle) {
        events.push_back(EndIdleConversation(*conv, PayloadFor(number, t.contact), now));
        WHARF_TRY(tx.Conversations().Update(project, *conv));
        conv = Fail(Error::NotFound("ended"));
    }
    if (conv) {
        t.conversation = std::move(*conv);
        return t;
    }
    if (conv.error().code != ErrorCode::kNotFound) {
        return Fail(std::move(conv).error());
    }
    t.conversation.id = ConversationId(NewUuidV7(now));
    t.conversation.phone_number_id = number.phone_number_id;
    t.conversation.wa_id = wa_id;
    t.conversation.contact_id = t.contact.id;
    t.conversation.created_at = t.conversation.updated_at = t.conversation.last_active_at = now;
    WHARF_TRY(tx.Conversations().Insert(project, t.conversation));
    t.is_new_conversation = true;
    events.push_back(
        MakeEvent(domain::kEventConversationCreated, number.phone_number_id, t.conversation.id,
                  domain::ConversationEventPayload(t.conversation, PayloadFor(number, t.contact)),
                  std::nullopt, now));
    return t;
}

// Meta's status object for a message, as its webhook would carry it.
bj::object StatusObject(const domain::Message& m, domain::MessageStatus s, Timestamp now,
                        const std::optional<bj::array>& errors) {
    bj::object o{{"id", m.wamid},
                 {"status", domain::MessageStatusName(s)},
                 {"timestamp", std::to_string(UnixSeconds(now))},
                 {"recipient_id", m.wa_id}};
    if (s == domain::MessageStatus::kSent) {
        bool is_template = m.type == "template";
        o["pricing"] = bj::object{{"billable", is_template},
                                  {"pricing_model", "PMP"},
                                  {"type", is_template ? "regular" : "free_customer_service"},
                                  {"category", is_template ? "utility" : "service"}};
    }
    if (m.biz_opaque_callback_data) {
        o["biz_opaque_callback_data"] = *m.biz_opaque_callback_data;
    }
    if (errors) {
        o["errors"] = *errors;
    }
    return o;
}

// An inbound message of `type` as stored, whichever path it came in by: the type's object as the
// payload, media flagged, a text body (or "[type]") as the content, the reply context kept.
domain::Message InboundMessage(const PhoneNumberId& number, const std::string& wa_id,
                               const std::string& type, const bj::object& message,
                               std::string origin) {
    domain::Message m;
    m.phone_number_id = number;
    m.wa_id = wa_id;
    m.direction = domain::MessageDirection::kInbound;
    m.type = type;
    m.status = "received";
    m.origin = std::move(origin);
    auto parsed = domain::ParseMessageType(type);
    m.has_media = parsed && domain::IsMediaType(*parsed);
    auto obj = message.find(type);
    m.payload = obj != message.end() ? bj::serialize(obj->value()) : "{}";
    m.content = "[" + type + "]";
    if (type == "text" && obj != message.end() && obj->value().is_object()) {
        if (auto body = obj->value().get_object().find("body");
            body != obj->value().get_object().end() && body->value().is_string()) {
            m.content = std::string(body->value().get_string());
        }
    }
    if (auto ctx = message.find("context"); ctx != message.end() && ctx->value().is_object()) {
        if (auto id = ctx->value().get_object().find("id");
            id != ctx->value().get_object().end() && id->value().is_string()) {
            m.context_message_id = std::string(id->value().get_string());
        }
    }
    return m;
}

// A stored inbound message from one message of a Meta webhook.
domain::Message InboundFromMeta(const domain::MetaInboundMessage& in, const PhoneNumberId& number,
                                Timestamp now) {
    domain::Message m = InboundMessage(number, in.from, in.type, in.raw, "meta");
    m.wamid = in.id;
    long long secs = std::atoll(in.timestamp.c_str());
    m.created_at = m.updated_at = secs > 0 ? Timestamp(std::chrono::seconds(secs)) : now;
    return m;
}

const char* EventForStatus(domain::MessageStatus s) {
    switch (s) {
        case domain::MessageStatus::kSent:
            return domain::kEventMessageSent;
        case domain::MessageStatus::kDelivered:
            return domain::kEventMessageDelivered;
        case domain::MessageStatus::kRead:
        case domain::MessageStatus::kPlayed:
            return domain::kEventMessageRead;
        case domain::MessageStatus::kFailed:
            return domain::kEventMessageFailed;
        case domain::MessageStatus::kAccepted:
            break;
    }
    return nullptr;
}

}  // namespace

MessagingService::MessagingService(store::Store& store, const Clock& clock,
                                   MessagingOptions options, upstream::GraphClient* graph,
                                   const SecretBox* box)
    : store_(store),
      clock_(clock),
      options_(options),
      throughput_(domain::ThroughputLimiter::Make(options.throughput_per_second)
                      .value_or(domain::ThroughputLimiter())),
      graph_(box != nullptr ? graph : nullptr),  // without a box no token could be opened
      box_(box) {}

MessagingService::SendResult MessagingService::Send(const ProjectId& project,
                                                    const PhoneNumberId& number_id,
                                                    const boost::json::value& body) {
    WHARF_ASSIGN_OR_RETURN(domain::PhoneNumber number, SendingNumber(project, number_id));
    WHARF_ASSIGN_OR_RETURN(auto request, domain::ValidateSendRequest(body));
    if (auto* read = std::get_if<domain::ReadReceipt>(&request)) {
        WHARF_TRY(MarkRead(project, number, *read));
        return std::variant<SendReceipt, bool>(true);
    }
    WHARF_ASSIGN_OR_RETURN(
        SendReceipt r, SendOutbound(project, number, std::get<domain::OutboundMessage>(request)));
    return std::variant<SendReceipt, bool>(std::move(r));
}

Result<void> MessagingService::CheckRates(const domain::PhoneNumber& number,
                                          const std::string& wa_id, Timestamp now) {
    std::lock_guard lock(rates_mu_);
    auto& per_number = number_rates_[number.phone_number_id.value()];
    auto& per_pair = pair_rates_[number.phone_number_id.value() + ":" + wa_id];
    domain::RateLimitState number_before = per_number;
    WHARF_TRY(throughput_.TryAcquire(per_number, now));
    auto pair = pair_rate_.TryAcquire(per_pair, now);
    if (!pair) {
        per_number = number_before;  // a refused message uses no throughput
        return pair;
    }
    return {};
}

Result<domain::PhoneNumber> MessagingService::SendingNumber(const ProjectId& project,
                                                            const PhoneNumberId& number_id) {
    return number_cache_ != nullptr ? number_cache_->Get(store_, project, number_id)
                                    : store_.PhoneNumbers().Get(project, number_id);
}

bool MessagingService::SendAsync(const ProjectId& project, const PhoneNumberId& number_id,
                                 const boost::json::value& body,
                                 std::function<void(SendResult)> done) {
    if (!store_.WritesAsync()) {
        return false;
    }
    auto number = SendingNumber(project, number_id);
    if (!number) {
        done(Fail(std::move(number).error()));
        return true;
    }
    const bool via_graph =
        graph_ != nullptr && number->kind == domain::PhoneNumberKind::kProduction;
    if (via_graph) {
        return false;  // Meta is called synchronously, one send per recipient at a time
    }
    auto request = domain::ValidateSendRequest(body);
    if (!request) {
        done(Fail(std::move(request).error()));
        return true;
    }
    if (std::holds_alternative<domain::ReadReceipt>(*request)) {
        return false;
    }
    auto plan =
        PrepareOutbound(project, *number, std::get<domain::OutboundMessage>(*request), false);
    if (!plan) {
        done(Fail(std::move(plan).error()));
        return true;
    }
    auto shared = std::make_shared<OutboundPlan>(std::move(*plan));
    requests_waiting_.fetch_add(1);  // as RequestTransact counts a waiting request
    store_.TransactAsync([this, shared](store::Store& tx) { return StoreOutboundTx(tx, *shared); },
                         [this, shared, done = std::move(done)](Result<void> stored) {
                             requests_waiting_.fetch_sub(1);
                             auto receipt = FinishOutbound(*shared, std::move(stored));
                             if (!receipt) {
                                 done(Fail(std::move(receipt).error()));
                                 return;
                             }
                             done(std::variant<SendReceipt, bool>(std::move(*receipt)));
                         });
    return true;
}

Result<SendReceipt> MessagingService::SendOutbound(const ProjectId& project,
                                                   const domain::PhoneNumber& number,
                                                   const domain::OutboundMessage& m) {
    // Meta mode, production number: Meta is asked first, and only what it accepted is stored.
    // Sends to one recipient hold a lock from here to the stored row, so they are accepted, and
    // leave for Meta, one after the other in the same order.
    const bool via_graph = graph_ != nullptr && number.kind == domain::PhoneNumberKind::kProduction;
    std::optional<KeyedMutex::Lock> in_order;
    if (via_graph) {
        in_order.emplace(send_order_.Acquire(number.phone_number_id.value() + ":" + m.to_wa_id));
    }
    WHARF_ASSIGN_OR_RETURN(OutboundPlan plan, PrepareOutbound(project, number, m, via_graph));
    auto stored = RequestTransact(
        [&](store::Store& tx) -> Result<void> { return StoreOutboundTx(tx, plan); });
    return FinishOutbound(plan, std::move(stored));
}

Result<MessagingService::OutboundPlan> MessagingService::PrepareOutbound(
    const ProjectId& project, const domain::PhoneNumber& number, const domain::OutboundMessage& m,
    bool via_graph) {
    if (number.display_phone_number_normalized &&
        m.to_wa_id == *number.display_phone_number_normalized) {
        return Fail(Error::InvalidArgument("Recipient cannot be sender")
                        .WithGraph(131021, "Sender and recipient phone number is the same."));
    }
    // A template is checked against the WABA's stored templates (Meta checks its own in meta
    // mode); the hydrated text becomes the stored content.
    std::optional<std::string> rendered;
    if (m.type == domain::MessageType::kTemplate && !via_graph) {
        WHARF_ASSIGN_OR_RETURN(rendered, RenderTemplate(project, number, m));
    }
    if (!via_graph && media_ != nullptr) {
        WHARF_TRY(CheckMediaReferences(*media_, project, number.phone_number_id, m));
    }
    Timestamp now = clock_.Now();
    WHARF_TRY(CheckRates(number, m.to_wa_id, now));
    std::optional<upstream::GraphSendResult> sent;
    if (via_graph) {
        WHARF_ASSIGN_OR_RETURN(sent, SendViaGraph(project, number, m, now));
    }

    OutboundPlan plan{project, number,          m.to_input, m.to_wa_id, m.type,
                      now,     std::move(sent), {},         {}};
    domain::Message& msg = plan.msg;
    // Time-ordered bytes: messages sent together sit together in the messages' key index.
    msg.wamid = plan.sent ? plan.sent->wamid : domain::MakeWamid(TimeOrderedRandomBytes(now));
    msg.phone_number_id = number.phone_number_id;
    msg.wa_id = m.to_wa_id;
    msg.direction = domain::MessageDirection::kOutbound;
    msg.type = domain::MessageTypeName(m.type);
    msg.payload = bj::serialize(m.payload);
    msg.status = domain::MessageStatusName(domain::MessageStatus::kAccepted);
    msg.origin = "api";
    msg.has_media = domain::IsMediaType(m.type);
    msg.content = rendered ? *rendered : domain::RenderContent(m);
    msg.context_message_id = m.context_message_id;
    msg.biz_opaque_callback_data = m.biz_opaque_callback_data;
    msg.created_at = msg.updated_at = now;
    return plan;
}

Result<void> MessagingService::StoreOutboundTx(store::Store& tx, OutboundPlan& plan) {
    const ProjectId& project = plan.project;
    const Timestamp now = plan.now;
    domain::Message& msg = plan.msg;
    std::vector<domain::Event> events;
    WHARF_ASSIGN_OR_RETURN(Thread t,
                           ResolveThread(tx, project, plan.number, plan.to_wa_id, now, events));
    plan.contact_name = domain::ContactName(t.contact);
    if (!plan.sent) {  // a sent message passed the check in SendViaGraph and exists at Meta
        WHARF_TRY(domain::CheckServiceWindow(t.conversation.last_inbound_at, now, plan.type));
    }
    msg.conversation_id = t.conversation.id;
    msg.contact_id = t.contact.id;
    WHARF_TRY(tx.Messages().Insert(project, msg));
    auto& c = t.conversation;
    c.last_active_at = now;
    c.last_outbound_at = c.last_message_at = now;
    c.updated_at = now;
    c.messages_count += 1;
    c.last_message_id = msg.wamid;
    c.last_message_type = msg.type;
    c.last_message_text = msg.content;
    WHARF_TRY(tx.Conversations().Update(project, c));
    for (const auto& e : events) {
        WHARF_TRY(tx.Events().Insert(project, e));
    }
    return {};
}

Result<SendReceipt> MessagingService::FinishOutbound(OutboundPlan& plan, Result<void> stored) {
    const domain::Message& msg = plan.msg;
    if (stored && !plan.sent) {
        // The sandbox network: its simulated status progression (Meta's status webhooks move a
        // message sent through Meta on, in IngestMetaWebhook).
        Schedule(
            {StatusStep{plan.now + options_.sent_after, 0, plan.project, msg.wamid,
                        domain::MessageStatus::kSent, std::make_shared<const domain::Message>(msg),
                        std::move(plan.contact_name)}});
    }
    if (!stored && !plan.sent) {
        return Fail(std::move(stored).error());
    }
    if (!stored) {
        // Meta already has the message: an error now would invite a retry and a duplicate send.
        // The caller gets Meta's answer; the history lacks this message.
        log::Error("message " + msg.wamid +
                   " sent through Meta but not stored: " + stored.error().message);
    }
    SendReceipt r{plan.to_input, plan.to_wa_id, msg.wamid, std::nullopt};
    if (plan.sent) {  // Meta's answer, as Meta gave it
        r.wa_id = plan.sent->wa_id.empty() ? plan.to_wa_id : plan.sent->wa_id;
        r.message_status = plan.sent->message_status;
    } else if (plan.type == domain::MessageType::kTemplate) {
        r.message_status = "accepted";
    }
    return r;
}

Result<std::string> MessagingService::RenderTemplate(const ProjectId& project,
                                                     const domain::PhoneNumber& number,
                                                     const domain::OutboundMessage& m) {
    std::string name;
    if (auto it = m.payload.find("name"); it != m.payload.end() && it->value().is_string()) {
        name = std::string(it->value().get_string());
    }
    WHARF_ASSIGN_OR_RETURN(
        auto records, store_.Templates().FindByName(project, number.business_account_id, name));
    std::vector<domain::Template> stored;
    stored.reserve(records.size());
    for (auto& r : records) {
        stored.push_back(std::move(r.tmpl));
    }
    WHARF_ASSIGN_OR_RETURN(auto rendered, domain::RenderTemplateMessage(m.payload, stored));
    return std::move(rendered.text);
}

Result<upstream::GraphSendResult> MessagingService::SendViaGraph(const ProjectId& project,
                                                                 const domain::PhoneNumber& number,
                                                                 const domain::OutboundMessage& m,
                                                                 Timestamp now) {
    // The same window ResolveThread + CheckServiceWindow apply for the sandbox, read-only: a
    // conversation idle for 24 hours is over, and with it the window.
    std::optional<Timestamp> last_inbound;
    auto conv = store_.Conversations().FindActive(project, number.phone_number_id, m.to_wa_id);
    if (conv && now - conv->last_active_at < kConversationIdle) {
        last_inbound = conv->last_inbound_at;
    } else if (!conv && conv.error().code != ErrorCode::kNotFound) {
        return Fail(std::move(conv).error());
    }
    WHARF_TRY(domain::CheckServiceWindow(last_inbound, now, m.type));
    WHARF_ASSIGN_OR_RETURN(std::string token, OpenAccessToken(*box_, number));
    return graph_->SendMessage(number.phone_number_id.value(), token, domain::ToGraphRequest(m));
}

Result<void> MessagingService::MarkRead(const ProjectId& project, const domain::PhoneNumber& number,
                                        const domain::ReadReceipt& read) {
    const std::string& wamid = read.message_id;
    auto found = store_.Messages().Get(project, wamid);
    if (!found || found->phone_number_id != number.phone_number_id ||
        found->direction != domain::MessageDirection::kInbound) {
        return Fail(Error::InvalidArgument("Invalid message_id")
                        .WithField("message_id")
                        .WithGraph(131009, "message_id " + wamid +
                                               " is not a message received by this number"));
    }
    Timestamp now = clock_.Now();
    WHARF_TRY(domain::CheckMarkAsRead(found->created_at, now));
    if (graph_ != nullptr && number.kind == domain::PhoneNumberKind::kProduction &&
        found->origin == "meta") {
        // A message Meta delivered: the user sees the blue ticks only if Meta is told.
        WHARF_ASSIGN_OR_RETURN(std::string token, OpenAccessToken(*box_, number));
        bj::object request{
            {"messaging_product", "whatsapp"}, {"status", "read"}, {"message_id", wamid}};
        if (read.typing_indicator) {
            request["typing_indicator"] = bj::object{{"type", "text"}};
        }
        WHARF_TRY(graph_->MarkRead(number.phone_number_id.value(), token, request));
    }
    if (found->status == "read") {
        return {};
    }
    found->status = "read";
    found->updated_at = now;
    return RequestTransact([&](store::Store& tx) { return tx.Messages().Update(project, *found); });
}

Result<std::string> MessagingService::ReceiveSandboxInbound(const ProjectId& project,
                                                            const PhoneNumberId& number_id,
                                                            const boost::json::value& body) {
    WHARF_ASSIGN_OR_RETURN(domain::PhoneNumber number,
                           store_.PhoneNumbers().Get(project, number_id));
    if (!body.is_object()) {
        return Fail(Error::Malformed("the body must be a Meta inbound message object"));
    }
    const bj::object& o = body.get_object();
    auto str = [&](const char* key) -> std::optional<std::string> {
        auto it = o.find(key);
        if (it == o.end() || !it->value().is_string()) {
            return std::nullopt;
        }
        return std::string(it->value().get_string());
    };
    auto from = str("from");
    auto wa_id = from ? domain::NormalizeRecipientPhone(*from) : std::nullopt;
    if (!wa_id) {
        return Fail(
            Error::InvalidArgument("from must be the user's phone number").WithField("from"));
    }
    if (number.display_phone_number_normalized &&
        *wa_id == *number.display_phone_number_normalized) {
        return Fail(
            Error::InvalidArgument("from cannot be the business number itself").WithField("from"));
    }
    auto type = str("type");
    if (!type || type->empty() || type->size() > 64) {
        return Fail(Error::InvalidArgument("type is required").WithField("type"));
    }
    auto type_object = o.find(*type);
    if (type_object == o.end() || !type_object->value().is_object()) {
        return Fail(
            Error::InvalidArgument("the " + *type + " object is required").WithField(*type));
    }
    auto profile = str("profile_name");
    if (profile && profile->size() > 256) {
        return Fail(Error::InvalidArgument("profile_name is too long").WithField("profile_name"));
    }
    Timestamp now = clock_.Now();
    // Media messages get a media object of their own, downloadable like any other.
    bj::object message = o;
    if (media_ != nullptr) {
        WHARF_TRY(AttachInboundMedia(*media_, project, number_id, *type, message));
    }
    domain::Message m = InboundMessage(number.phone_number_id, *wa_id, *type, message, "sandbox");
    m.wamid = domain::MakeWamid(TimeOrderedRandomBytes(now));
    m.created_at = m.updated_at = now;
    WHARF_TRY(RequestTransact([&](store::Store& tx) {
        return RecordInboundTx(tx, project, number, m, profile, nullptr);
    }));
    return m.wamid;
}

Result<void> MessagingService::RecordInboundTx(store::Store& tx, const ProjectId& project,
                                               const domain::PhoneNumber& number,
                                               domain::Message& m,
                                               const std::optional<std::string>& profile_name,
                                               const bj::object* meta_message) {
    InboundBatch batch(tx);
    WHARF_TRY(
        RecordInboundTx(tx, batch, project, number, m, profile_name, meta_message, nullptr, false));
    return batch.Flush();
}

Result<void> MessagingService::RecordInboundTx(store::Store& tx, InboundBatch& batch,
                                               const ProjectId& project,
                                               const domain::PhoneNumber& number,
                                               domain::Message& m,
                                               const std::optional<std::string>& profile_name,
                                               const bj::object* meta_message,
                                               const std::string* meta_payload, bool known_new) {
    Timestamp now = m.created_at;
    std::vector<domain::Event> events;
    InboundBatch::Thread* t = batch.Find(project, number.phone_number_id, m.wa_id);
    if (t != nullptr && now - t->conversation.last_active_at >= kConversationIdle) {
        // ResolveThread ends it from the stored row: store what this batch did to it first.
        WHARF_TRY(batch.Flush());
        t = nullptr;
    }
    bool is_new_conversation = false;
    if (t == nullptr) {
        WHARF_ASSIGN_OR_RETURN(Thread resolved,
                               ResolveThread(tx, project, number, m.wa_id, now, events));
        is_new_conversation = resolved.is_new_conversation;
        t = &batch.Remember(project, InboundBatch::Thread{std::move(resolved.contact),
                                                          std::move(resolved.conversation)});
    }
    if (profile_name && t->contact.profile_name != profile_name) {
        t->contact.profile_name = profile_name;
        t->contact.updated_at = now;
        WHARF_TRY(tx.Contacts().Update(project, t->contact));
    }
    m.conversation_id = t->conversation.id;
    m.contact_id = t->contact.id;
    WHARF_TRY(known_new ? tx.Messages().InsertKnownNew(project, m)
                        : tx.Messages().Insert(project, m));
    auto& c = t->conversation;
    c.last_active_at = std::max(c.last_active_at, now);
    c.last_inbound_at = c.last_inbound_at ? std::max(*c.last_inbound_at, now) : now;
    c.last_message_at = now;
    c.updated_at = now;
    c.messages_count += 1;
    c.last_message_id = m.wamid;
    c.last_message_type = m.type;
    c.last_message_text = m.content;
    batch.MarkChanged(project, *t);  // written once per batch, by Flush
    std::optional<bj::object> meta;
    if (meta_payload == nullptr) {
        const domain::MetaNumberRef ref = MetaRef(number);
        meta = domain::MetaInboundWebhook(
            ref, m.wa_id, profile_name,
            meta_message != nullptr ? *meta_message : domain::MetaMessageObject(ref, m));
    }
    events.push_back(MakeEvent(domain::kEventMessageReceived, m.phone_number_id, c.id,
                               domain::SerializedMessageEventPayload(
                                   m, c, PayloadFor(number, t->contact), is_new_conversation),
                               meta, now));
    if (meta_payload != nullptr) {
        events.back().meta_payload = *meta_payload;
    }
    for (const auto& e : events) {
        WHARF_TRY(tx.Events().Insert(project, e));
    }
    return {};
}

namespace {

// The name payloads show for a contact; none when the contact cannot be read.
std::optional<std::string> ContactNameOf(store::Store& tx, const ProjectId& project,
                                         const ContactId& id) {
    auto contact = tx.Contacts().Get(project, id);
    return contact ? domain::ContactName(*contact) : std::nullopt;
}

// Appends one raw status object, serialised, to a message's stored statuses (a JSON array we
// wrote).
void AppendStatus(std::string& statuses, const std::string& item) {
    if (statuses.size() < 2 || statuses.back() != ']') {
        statuses = "[" + item + "]";
    } else if (statuses == "[]") {
        statuses.insert(1, item);
    } else {
        statuses.insert(statuses.size() - 1, "," + item);
    }
}

// What one status does to a message (in memory): `m` gets the raw object appended, its status
// moved forward only (out-of-order and duplicate statuses never move it back), its error and
// updated_at. `event_type` names the event to record, null when the status did not advance it.
struct StatusOutcome {
    std::string before;  // m's status before
    Timestamp before_updated_at;
    domain::MessageStatus next;
    const char* event_type;
    std::string raw_json;  // the raw object, serialised
};

StatusOutcome AdvanceStatus(domain::Message& m, domain::MessageStatus status, const bj::object& raw,
                            Timestamp now) {
    auto current = domain::ParseMessageStatus(m.status).value_or(domain::MessageStatus::kAccepted);
    domain::MessageStatus next = domain::Advance(current, status);
    StatusOutcome o{m.status, m.updated_at, next,
                    next != current && next == status ? EventForStatus(status) : nullptr,
                    bj::serialize(raw)};
    AppendStatus(m.statuses, o.raw_json);
    m.status = domain::MessageStatusName(next);
    if (auto it = raw.find("errors"); it != raw.end()) {
        m.error = bj::serialize(it->value());
    }
    m.updated_at = now;
    return o;
}

// The event of a status: the message and its conversation as they are now, and Meta's webhook.
domain::Event StatusEvent(const char* type, const domain::PhoneNumber& number,
                          const domain::Message& m, const domain::Conversation& c,
                          std::optional<std::string> contact_name, const std::string& raw_json,
                          Timestamp now) {
    domain::PayloadContext ctx{number.internal_id, std::move(contact_name)};
    domain::Event e =
        MakeEvent(type, m.phone_number_id, c.id,
                  domain::SerializedMessageEventPayload(m, c, ctx, false), std::nullopt, now);
    e.meta_payload = domain::SerializedMetaStatusWebhook(MetaRef(number), raw_json);
    return e;
}

// Records one status of an outbound message inside `tx` (AdvanceStatus, the row, the event).
// Returns the message's status afterwards. With `unread`, `m` is a copy the caller holds rather
// than a row it just read: the write happens only while the stored status is still m's, and
// otherwise fails with kAborted, having written nothing.
Result<domain::MessageStatus> ApplyStatusTx(store::Store& tx, const ProjectId& project,
                                            const domain::PhoneNumber& number, domain::Message& m,
                                            domain::MessageStatus status, const bj::object& raw,
                                            Timestamp now, bool unread = false) {
    StatusOutcome o = AdvanceStatus(m, status, raw, now);
    if (unread) {
        WHARF_ASSIGN_OR_RETURN(bool written, tx.Messages().UpdateIfUnchanged(project, m, o.before,
                                                                             o.before_updated_at));
        if (!written) {
            return Fail(Error::Aborted("the message's status moved meanwhile"));
        }
    } else {
        WHARF_TRY(tx.Messages().Update(project, m));
    }
    if (o.event_type == nullptr) {
        return o.next;
    }
    WHARF_ASSIGN_OR_RETURN(domain::Conversation c,
                           tx.Conversations().Get(project, m.conversation_id));
    WHARF_TRY(tx.Events().Insert(
        project, StatusEvent(o.event_type, number, m, c, ContactNameOf(tx, project, m.contact_id),
                             o.raw_json, now)));
    return o.next;
}

// The sandbox's next step after `current`, and the delay from the previous step to it.
std::optional<std::pair<domain::MessageStatus, std::chrono::milliseconds>> NextSandboxStep(
    domain::MessageStatus current, const MessagingOptions& o) {
    switch (current) {
        case domain::MessageStatus::kAccepted:
            return std::pair(domain::MessageStatus::kSent, o.sent_after);
        case domain::MessageStatus::kSent:
            return std::pair(domain::MessageStatus::kDelivered, o.delivered_after - o.sent_after);
        case domain::MessageStatus::kDelivered:
            return std::pair(domain::MessageStatus::kRead, o.read_after - o.delivered_after);
        default:
            return std::nullopt;
    }
}

// Whether `step` is the sandbox's next step for `m`; otherwise it was applied already (by
// another process, or scheduled twice) and there is nothing to do.
bool IsNextStep(const domain::Message& m, domain::MessageStatus step, const MessagingOptions& o) {
    auto current = domain::ParseMessageStatus(m.status).value_or(domain::MessageStatus::kAccepted);
    auto expected = NextSandboxStep(current, o);
    return expected && expected->first == step;
}

// Number `id` of `project`, read through `numbers` (once per batch); null when it is gone.
Result<const domain::PhoneNumber*> CachedNumber(
    store::Store& s, const ProjectId& project, const PhoneNumberId& id,
    std::map<std::string, std::optional<domain::PhoneNumber>>& numbers) {
    std::string key = project.value() + "/" + id.value();
    auto found = numbers.find(key);
    if (found == numbers.end()) {
        auto n = s.PhoneNumbers().Get(project, id);
        if (!n && n.error().code != ErrorCode::kNotFound) {
            return Fail(std::move(n).error());
        }
        found = numbers.emplace(key, n ? std::optional(std::move(*n)) : std::nullopt).first;
    }
    return found->second ? &*found->second : nullptr;
}

bj::array UndeliverableErrors();

// The status the sandbox network gives `m` at a step that should make it `status`, with its raw
// object: recipients ending in the reserved suffix fail instead of being sent.
std::pair<domain::MessageStatus, bj::object> SandboxStatus(const domain::Message& m,
                                                           domain::MessageStatus status,
                                                           Timestamp now) {
    std::optional<bj::array> errors;
    if (status == domain::MessageStatus::kSent && m.wa_id.ends_with(kSandboxUndeliverableSuffix)) {
        status = domain::MessageStatus::kFailed;
        errors = UndeliverableErrors();
    }
    return {status, StatusObject(m, status, now, errors)};
}

bj::array UndeliverableErrors() {
    return bj::array{bj::object{
        {"code", 131026},
        {"title", "Message undeliverable"},
        {"message", "Message undeliverable"},
        {"error_data",
         bj::object{{"details", "Sandbox: recipients ending in 0000 cannot receive messages."}}},
        {"href", "https://developers.facebook.com/docs/whatsapp/cloud-api/support/error-codes/"}}};
}

}  // namespace

Result<void> MessagingService::ApplyJob(const domain::Job& job) {
    size_t done = 0;
    return ApplyJobs(std::span(&job, 1), done);
}

bool MessagingService::UsesSandbox(const domain::PhoneNumber& number) const {
    return graph_ == nullptr || number.kind != domain::PhoneNumberKind::kProduction;
}

void MessagingService::Schedule(std::vector<StatusStep> steps) {
    std::lock_guard lock(steps_mu_);
    for (auto& step : steps) {
        step.seq = ++step_seq_;
        scheduled_.insert(step.wamid);
        steps_.push(std::move(step));
    }
}

std::optional<Timestamp> MessagingService::NextStatusDue() {
    std::lock_guard lock(steps_mu_);
    if (steps_.empty()) {
        return std::nullopt;
    }
    return steps_.top().due;
}

Result<std::optional<MessagingService::StatusStep>> MessagingService::ApplyStepTx(
    store::Store& tx, const StatusStep& step, Timestamp now,
    std::map<std::string, std::optional<domain::PhoneNumber>>& numbers) {
    const bool unread = step.message != nullptr;
    Result<domain::Message> m = unread ? Result<domain::Message>(*step.message)
                                       : tx.Messages().Get(step.project, step.wamid);
    if (!m) {
        if (m.error().code == ErrorCode::kNotFound) {
            return std::optional<StatusStep>();
        }
        return Fail(std::move(m).error());
    }
    if (!IsNextStep(*m, step.status, options_)) {
        return std::optional<StatusStep>();
    }
    WHARF_ASSIGN_OR_RETURN(const domain::PhoneNumber* number,
                           CachedNumber(tx, step.project, m->phone_number_id, numbers));
    if (number == nullptr) {
        return std::optional<StatusStep>();  // the number is gone; its messages stay as they are
    }
    auto [status, raw] = SandboxStatus(*m, step.status, now);
    auto next = ApplyStatusTx(tx, step.project, *number, *m, status, raw, now, unread);
    if (!next && unread && next.error().code == ErrorCode::kAborted) {
        // Our copy is stale (the row moved on elsewhere): decide again from the stored row.
        StatusStep read = step;
        read.message = nullptr;
        return ApplyStepTx(tx, read, now, numbers);
    }
    if (!next) {
        return Fail(std::move(next).error());
    }
    return Following(step, *next, std::move(*m), now);
}

std::optional<MessagingService::StatusStep> MessagingService::Following(const StatusStep& step,
                                                                        domain::MessageStatus next,
                                                                        domain::Message m,
                                                                        Timestamp now) const {
    auto following = NextSandboxStep(next, options_);
    if (!following) {
        return std::nullopt;
    }
    return StatusStep{now + following->second,
                      0,
                      step.project,
                      step.wamid,
                      following->first,
                      std::make_shared<const domain::Message>(std::move(m)),
                      step.contact_name};
}

std::optional<MessagingService::PreparedStep> MessagingService::PrepareStep(
    store::Store& snapshot, const StatusStep& step, Timestamp now,
    std::map<std::string, std::optional<domain::PhoneNumber>>& numbers) {
    if (step.message == nullptr) {
        return std::nullopt;
    }
    PreparedStep p{*step.message, {}, {}, {}, std::nullopt};
    domain::Message& m = p.message;
    if (!IsNextStep(m, step.status, options_)) {
        return std::nullopt;
    }
    auto number = CachedNumber(snapshot, step.project, m.phone_number_id, numbers);
    if (!number || *number == nullptr) {
        return std::nullopt;
    }
    auto [status, raw] = SandboxStatus(m, step.status, now);
    StatusOutcome o = AdvanceStatus(m, status, raw, now);
    p.before = std::move(o.before);
    p.before_updated_at = o.before_updated_at;
    p.next = o.next;
    if (o.event_type != nullptr) {
        auto c = snapshot.Conversations().Get(step.project, m.conversation_id);
        if (!c) {
            return std::nullopt;
        }
        p.event =
            StatusEvent(o.event_type, **number, m, *c,
                        step.contact_name ? *step.contact_name
                                          : ContactNameOf(snapshot, step.project, m.contact_id),
                        o.raw_json, now);
    }
    return p;
}

Result<int> MessagingService::ApplyDueStatuses(int limit) {
    return WriteDueStatuses(PrepareDueStatuses(limit));
}

MessagingService::DueStatuses MessagingService::PrepareDueStatuses(int limit) {
    DueStatuses batch;
    batch.now = clock_.Now();
    {
        std::lock_guard lock(steps_mu_);
        while (!steps_.empty() && steps_.top().due <= batch.now &&
               static_cast<int>(batch.due.size()) < limit) {
            batch.due.push_back(steps_.top());
            steps_.pop();
        }
    }
    if (batch.due.empty()) {
        return batch;
    }
    // Rendering the events is most of a step's work: done here, before the transaction, it runs
    // beside the store's single writer instead of on it.
    // Its reads share one snapshot (one read transaction keeps its connection's page cache).
    batch.prepared.reserve(batch.due.size());
    (void)store_.Snapshot([&](store::Store& snapshot) -> Result<void> {
        for (const auto& step : batch.due) {
            batch.prepared.push_back(PrepareStep(snapshot, step, batch.now, batch.numbers));
        }
        return {};
    });
    batch.prepared.resize(batch.due.size());  // not prepared (no snapshot): applied from the rows
    return batch;
}

Result<int> MessagingService::WriteDueStatuses(DueStatuses batch) {
    if (batch.due.empty()) {
        return 0;
    }
    std::vector<StatusStep> following;
    auto applied = store_.Transact(
        [&](store::Store& tx) -> Result<void> { return WriteDueStatusesTx(tx, batch, following); });
    return FinishDueStatuses(batch, std::move(following), std::move(applied));
}

void MessagingService::WriteDueStatusesAsync(DueStatuses batch,
                                             std::function<void(Result<int>)> done) {
    if (batch.due.empty()) {
        done(0);
        return;
    }
    struct Written {
        DueStatuses batch;
        std::vector<StatusStep> following;
    };
    auto w = std::make_shared<Written>(Written{std::move(batch), {}});
    store_.TransactAsync(
        [this, w](store::Store& tx) { return WriteDueStatusesTx(tx, w->batch, w->following); },
        [this, w, done = std::move(done)](Result<void> applied) {
            done(FinishDueStatuses(w->batch, std::move(w->following), std::move(applied)));
        });
}

Result<void> MessagingService::WriteDueStatusesTx(store::Store& tx, DueStatuses& batch,
                                                  std::vector<StatusStep>& following) {
    const Timestamp now = batch.now;
    std::vector<StatusStep>& due = batch.due;
    auto& numbers = batch.numbers;
    following.clear();
    for (size_t i = 0; i < due.size(); ++i) {
        const StatusStep& step = due[i];
        std::optional<StatusStep> next;
        if (batch.prepared[i]) {
            const PreparedStep& p = *batch.prepared[i];
            WHARF_ASSIGN_OR_RETURN(
                bool written, tx.Messages().UpdateIfUnchanged(step.project, p.message, p.before,
                                                              p.before_updated_at));
            if (written) {
                if (p.event) {
                    WHARF_TRY(tx.Events().Insert(step.project, *p.event));
                }
                next = Following(step, p.next, p.message, now);
            } else {
                // The row moved on elsewhere: decide again from it.
                StatusStep read = step;
                read.message = nullptr;
                WHARF_ASSIGN_OR_RETURN(next, ApplyStepTx(tx, read, now, numbers));
            }
        } else {
            WHARF_ASSIGN_OR_RETURN(next, ApplyStepTx(tx, step, now, numbers));
        }
        if (next) {
            following.push_back(std::move(*next));
        }
    }
    return {};
}

Result<int> MessagingService::FinishDueStatuses(DueStatuses& batch,
                                                std::vector<StatusStep> following,
                                                Result<void> applied) {
    std::vector<StatusStep>& due = batch.due;
    if (!applied) {
        // Nothing of the batch was written: try it again a little later.
        for (auto& step : due) {
            step.due = batch.now + std::chrono::seconds(1);
        }
        Schedule(std::move(due));
        return Fail(std::move(applied).error());
    }
    {
        std::lock_guard lock(steps_mu_);
        for (const auto& step : due) {
            scheduled_.erase(step.wamid);
        }
    }
    const int written = static_cast<int>(due.size());
    Schedule(std::move(following));
    return written;
}

Result<int> MessagingService::ResumeStatusProgression(bool stalled_only, int limit) {
    Timestamp now = clock_.Now();
    // A step is overdue when it is later than its delay plus this grace (a busy process may run
    // behind by a little without being taken over).
    constexpr auto kGrace = std::chrono::seconds(10);
    Timestamp before =
        stalled_only ? now - options_.read_after - kGrace : now + std::chrono::microseconds(1);
    std::optional<std::string> kind;
    if (graph_ != nullptr) {
        kind = "sandbox";  // in meta mode production numbers progress through Meta's webhooks
    }
    WHARF_ASSIGN_OR_RETURN(auto in_flight, store_.Messages().ListInFlight(before, kind, limit));
    std::vector<StatusStep> steps;
    {
        std::lock_guard lock(steps_mu_);
        for (auto& [project, m] : in_flight) {
            if (scheduled_.count(m.wamid) > 0) {
                continue;
            }
            auto current =
                domain::ParseMessageStatus(m.status).value_or(domain::MessageStatus::kAccepted);
            auto next = NextSandboxStep(current, options_);
            if (!next) {
                continue;
            }
            Timestamp due = std::max(now, m.updated_at + next->second);
            std::string wamid = m.wamid;
            steps.push_back(StatusStep{due, 0, project, std::move(wamid), next->first,
                                       std::make_shared<const domain::Message>(std::move(m))});
        }
    }
    int n = static_cast<int>(steps.size());
    Schedule(std::move(steps));
    return n;
}

Result<int> MessagingService::EndIdleConversations(int limit) {
    Timestamp now = clock_.Now();
    WHARF_ASSIGN_OR_RETURN(auto idle,
                           store_.Conversations().ListIdleActive(now - kConversationIdle, limit));
    int ended = 0;
    for (auto& [project, conv] : idle) {
        WHARF_TRY(store_.Transact([&](store::Store& tx) -> Result<void> {
            // Re-read inside the transaction: a message may have just moved it.
            WHARF_ASSIGN_OR_RETURN(domain::Conversation c,
                                   tx.Conversations().Get(project, conv.id));
            if (c.status != domain::ConversationStatus::kActive ||
                now - c.last_active_at < kConversationIdle) {
                return {};
            }
            domain::PayloadContext ctx;
            if (auto n = tx.PhoneNumbers().Get(project, c.phone_number_id)) {
                ctx.phone_config_id = n->internal_id;
            }
            ctx.contact_name = ContactNameOf(tx, project, c.contact_id);
            domain::Event event = EndIdleConversation(c, ctx, now);
            WHARF_TRY(tx.Conversations().Update(project, c));
            ++ended;
            return tx.Events().Insert(project, event);
        }));
    }
    return ended;
}

Result<void> MessagingService::EnqueueMetaWebhook(const boost::json::value& body) {
    // Acknowledge fast, process from the durable queue: only the envelope and the numbers are
    // checked here. The job runs under the project of the first number wharf knows (it applies
    // every number of the body; a body naming no known number is acknowledged and dropped).
    WHARF_ASSIGN_OR_RETURN(auto updates, domain::ParseMetaWebhook(body));
    std::optional<ProjectId> project;
    for (const auto& u : updates) {
        auto owner = store_.PhoneNumbers().FindByMetaId(PhoneNumberId(u.phone_number_id));
        if (owner) {
            project = owner->first;
            break;
        }
        log::Warn("Meta webhook for unknown phone_number_id " + u.phone_number_id +
                  ": acknowledged and dropped");
    }
    if (!project) {
        return {};
    }
    Timestamp now = clock_.Now();
    domain::Job j;
    j.id = JobId(NewUuidV7(now));
    j.project_id = *project;
    j.kind = kJobMetaInbound;
    j.payload = bj::serialize(body);
    j.ordering_key = std::string(kJobMetaInboundOrderingKey);
    j.run_at = now;
    j.created_at = now;
    // Through Transact: it queues for the store's writer instead of polling SQLite's lock.
    return RequestTransact([&](store::Store& tx) { return tx.Jobs().Enqueue(j); });
}

Result<void> MessagingService::RequestTransact(
    const std::function<Result<void>(store::Store&)>& fn) {
    // Counted while it waits and runs (ApplyJobs cuts its transaction short), also if Transact
    // throws.
    struct Waiting {
        std::atomic<int>& n;
        explicit Waiting(std::atomic<int>& count) : n(count) { n.fetch_add(1); }
        ~Waiting() { n.fetch_sub(1); }
        Waiting(const Waiting&) = delete;
        Waiting& operator=(const Waiting&) = delete;
    } waiting(requests_waiting_);
    return store_.Transact(fn);
}

Result<MessagingService::ParsedWebhook> MessagingService::ParseWebhook(
    const boost::json::value& body, NumberCache& numbers) const {
    ParsedWebhook parsed;
    WHARF_ASSIGN_OR_RETURN(parsed.updates, domain::ParseMetaWebhook(body));
    Timestamp now = clock_.Now();
    const size_t n = parsed.updates.size();
    parsed.messages.resize(n);
    parsed.refs.resize(n);
    parsed.meta_payloads.resize(n);
    for (size_t i = 0; i < n; ++i) {
        const auto& u = parsed.updates[i];
        parsed.items += u.messages.size() + u.statuses.size();
        if (u.messages.empty()) {
            continue;
        }
        auto known = numbers.find(u.phone_number_id);
        if (known == numbers.end()) {
            auto owner = store_.PhoneNumbers().FindByMetaId(PhoneNumberId(u.phone_number_id));
            if (!owner && owner.error().code != ErrorCode::kNotFound) {
                return Fail(std::move(owner).error());
            }
            known = numbers
                        .emplace(u.phone_number_id,
                                 owner ? std::optional(std::move(owner->second)) : std::nullopt)
                        .first;
        }
        if (known->second) {
            parsed.refs[i] = MetaRef(*known->second);
        }
        parsed.messages[i].reserve(u.messages.size());
        for (const auto& in : u.messages) {
            parsed.messages[i].push_back(
                InboundFromMeta(in, PhoneNumberId(u.phone_number_id), now));
            if (parsed.refs[i]) {
                parsed.meta_payloads[i].push_back(bj::serialize(
                    domain::MetaInboundWebhook(*parsed.refs[i], in.from, in.profile_name, in.raw)));
            }
        }
    }
    return parsed;
}

Result<MessagingService::ParsedWebhook> MessagingService::ParseJob(const domain::Job& job,
                                                                   NumberCache& numbers) const {
    if (job.kind != kJobMetaInbound) {
        return Fail(Error::Internal("unknown job kind " + job.kind));
    }
    boost::system::error_code ec;
    bj::value payload = bj::parse(job.payload, ec);
    if (ec) {
        return Fail(Error::Internal("malformed job payload"));
    }
    return ParseWebhook(payload, numbers);
}

Result<void> MessagingService::IngestMetaWebhook(const boost::json::value& body) {
    // One transaction for the whole body (Meta sends up to 1,000 messages per POST): a crash
    // leaves it unapplied, and the queued job applies it again.
    NumberCache numbers;
    WHARF_ASSIGN_OR_RETURN(ParsedWebhook parsed, ParseWebhook(body, numbers));
    return store_.Transact([&](store::Store& tx) -> Result<void> {
        InboundBatch batch(tx);
        WHARF_TRY(IngestMetaWebhookTx(tx, batch, parsed));
        return batch.Flush();
    });
}

Result<void> MessagingService::ApplyJobs(std::span<const domain::Job> jobs, size_t& done) {
    done = 0;
    // The bodies are parsed on a thread of their own, ahead of the transactions that apply them
    // (about a tenth of the work, which would otherwise keep the store's single writer waiting).
    // A job that cannot be parsed ends the batch there: the bodies before it are applied.
    NumberCache numbers;  // the parsing thread's
    ParseAhead<ParsedWebhook> bodies(jobs.size(),
                                     [&](size_t i) { return ParseJob(jobs[i], numbers); });
    size_t parsed_end = jobs.size();  // lowered to the first job that could not be parsed
    Result<void> unparsed;
    auto body = [&](size_t i) -> ParsedWebhook* {
        if (i >= parsed_end) {
            return nullptr;
        }
        auto b = bodies.Wait(i);
        if (!b) {
            unparsed = Fail(std::move(b).error());
            parsed_end = i;
            return nullptr;
        }
        return *b;
    };
    // Several bodies per transaction: their messages share one commit, and the pages it writes
    // (the conversations and the tails of the indexes), which a body alone would write again.
    // Bounded in messages and time, and cut short while API requests (webhook acknowledgments,
    // sends) wait for the writer. (Which bodies share a transaction does not depend on the parsing
    // thread's pace: a transaction waits for its next body, which is rare, parsing being the
    // smaller part.)
    const size_t max_messages = static_cast<size_t>(std::max(options_.inbound_batch_messages, 1));
    auto room_for = [&](size_t messages, size_t next,
                        std::chrono::steady_clock::time_point started) {
        const ParsedWebhook* b = body(next);
        if (b == nullptr || messages + b->items > max_messages) {
            return false;
        }
        auto ran = std::chrono::steady_clock::now() - started;
        return ran < options_.inbound_batch_time &&
               (ran < options_.inbound_batch_time_contended || requests_waiting_.load() == 0);
    };
    while (body(done) != nullptr) {  // the first of a transaction is waited for outside it
        size_t end = done;
        WHARF_TRY(store_.Transact([&](store::Store& tx) -> Result<void> {
            end = done;
            InboundBatch batch(tx);
            const auto started = std::chrono::steady_clock::now();
            size_t messages = 0;
            while (end < parsed_end && (end == done || room_for(messages, end, started))) {
                ParsedWebhook& b = *body(end);
                WHARF_TRY(IngestMetaWebhookTx(tx, batch, b));
                // Gone already: another worker ran it after our lease ended (applying is
                // idempotent).
                if (auto completed = tx.Jobs().Complete(jobs[end].id);
                    !completed && completed.error().code != ErrorCode::kNotFound) {
                    return completed;
                }
                messages += b.items;
                ++end;
            }
            return batch.Flush();
        }));
        done = end;
    }
    return unparsed;
}

Result<void> MessagingService::IngestMetaWebhookTx(store::Store& tx, InboundBatch& batch,
                                                   ParsedWebhook& body) {
    for (size_t i = 0; i < body.updates.size(); ++i) {
        const auto& u = body.updates[i];
        WHARF_ASSIGN_OR_RETURN(const auto* owner, batch.FindNumber(u.phone_number_id));
        if (!*owner) {
            log::Warn("Meta webhook for unknown phone_number_id " + u.phone_number_id +
                      ": acknowledged and dropped");
            continue;
        }
        const ProjectId& project = (*owner)->first;
        const domain::PhoneNumber& number = (*owner)->second;
        // The Meta bodies built before the transaction hold if the number still reads the same.
        const domain::MetaNumberRef ref = MetaRef(number);
        const bool prebuilt = body.refs[i] &&
                              body.refs[i]->phone_number_id == ref.phone_number_id &&
                              body.refs[i]->display_phone_number == ref.display_phone_number &&
                              body.refs[i]->business_account_id == ref.business_account_id;
        // A redelivered message is found by its wamid and skipped.
        for (size_t k = 0; k < u.messages.size(); ++k) {
            domain::Message& m = body.messages[i][k];
            WHARF_ASSIGN_OR_RETURN(bool seen, tx.Messages().Exists(project, m.wamid));
            if (seen) {
                continue;
            }
            WHARF_TRY(RecordInboundTx(tx, batch, project, number, m, u.messages[k].profile_name,
                                      &u.messages[k].raw,
                                      prebuilt ? &body.meta_payloads[i][k] : nullptr, true));
        }
        if (!u.statuses.empty()) {
            // The statuses' events read conversations from the store.
            WHARF_TRY(batch.Flush());
        }
        for (const auto& st : u.statuses) {
            auto status = domain::ParseMessageStatus(st.status);
            if (!status) {
                continue;
            }
            auto m = tx.Messages().Get(project, st.id);
            if (!m) {
                if (m.error().code == ErrorCode::kNotFound) {
                    continue;
                }
                return Fail(std::move(m).error());
            }
            // A redelivered status (same raw object) changes nothing.
            if (m->statuses.find(bj::serialize(st.raw)) != std::string::npos) {
                continue;
            }
            WHARF_TRY(ApplyStatusTx(tx, project, number, *m, *status, st.raw, clock_.Now()));
        }
    }
    return {};
}

}  // namespace wharf::service
