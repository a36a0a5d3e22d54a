#include "service/webhook_service.h"

#include <boost/json.hpp>

#include "base/random.h"
#include "base/time_format.h"
#include "domain/webhook/payload_v1.h"
#include "domain/webhook/webhook_rules.h"
#include "domain/webhook/webhook_signature.h"

namespace wharf::service {
namespace {
namespace bj = boost::json;

Result<void> CheckScope(const domain::Webhook& w, const std::optional<PhoneNumberId>& scope) {
    if (scope && w.phone_number_id != scope) {
        return Fail(Error::NotFound("webhook not found"));
    }
    return {};
}

Result<void> CheckSecret(const Field<std::string>& s) {
    if (s.has_value() && (s.value.size() < 8 || s.value.size() > 256)) {
        return Fail(Error::InvalidArgument("secret_key must be 8 to 256 characters")
                        .WithField("whatsapp_webhook.secret_key"));
    }
    if (s.is_null()) {
        return Fail(Error::InvalidArgument("secret_key must not be null")
                        .WithField("whatsapp_webhook.secret_key"));
    }
    return {};
}

}  // namespace

std::string SampleEventPayload(const std::string& event_type,
                               const std::optional<PhoneNumberId>& phone_number, Timestamp now) {
    bj::value pn = phone_number ? bj::value(phone_number->value()) : bj::value(nullptr);
    std::string ts = std::to_string(
        std::chrono::duration_cast<std::chrono::seconds>(now.time_since_epoch()).count());
    bj::object conversation{{"id", NewUuid()},
                            {"phone_number", "+15550000000"},
                            {"status", "active"},
                            {"last_active_at", FormatIso8601(now)},
                            {"created_at", FormatIso8601(now)},
                            {"phone_number_id", pn}};
    bj::object message{
        {"id", "wamid.TEST" + RandomToken(24)},
        {"timestamp", ts},
        {"type", "text"},
        {"text", bj::object{{"body", "This is a test webhook from wharf"}}},
        {"kapso", bj::object{{"direction",
                              event_type == "whatsapp.message.received" ? "inbound" : "outbound"},
                             {"status", event_type.substr(event_type.rfind('.') + 1)}}}};
    bj::object body;
    if (event_type.rfind("whatsapp.message.", 0) == 0) {
        body = {{"message", message},
                {"conversation", conversation},
                {"is_new_conversation", false},
                {"phone_number_id", pn}};
    } else if (event_type.rfind("whatsapp.conversation.", 0) == 0) {
        body = {{"conversation", conversation}, {"phone_number_id", pn}};
        if (event_type == domain::kEventConversationInactive) {
            body["since_message"] = message;
            body["inactivity"] = bj::object{{"minutes", 60}};
        }
    } else if (event_type.rfind("whatsapp.phone_number.", 0) == 0 ||
               event_type == domain::kEventConfigCreated) {
        body = {{"phone_number_id", phone_number ? pn : bj::value("1234567890")},
                {"project", bj::object{{"id", nullptr}}},
                {"customer", bj::object{{"id", nullptr}}}};
    } else {
        body = {{"event", event_type}, {"occurred_at", FormatIso8601(now)}, {"test", true}};
    }
    return bj::serialize(body);
}

Result<WebhookView> WebhookService::Open(domain::Webhook w) const {
    WHARF_ASSIGN_OR_RETURN(auto secret,
                           box_.Open(w.sealed_secret, domain::WebhookSecretContext(w.id)));
    return WebhookView{std::move(w), std::move(secret)};
}

Result<void> WebhookService::CheckNumber(const ProjectId& project, const PhoneNumberId& pn) {
    auto n = store_.PhoneNumbers().Get(project, pn);
    if (!n) {
        if (n.error().code == ErrorCode::kNotFound) {
            return Fail(Error::NotFound("phone number not found"));
        }
        return Fail(std::move(n).error());
    }
    return {};
}

Result<WebhookView> WebhookService::Create(const ProjectId& project,
                                           const std::optional<PhoneNumberId>& scope,
                                           const domain::WebhookInput& in) {
    domain::Webhook w;
    w.id = WebhookId(NewUuid());
    w.project_id = project;
    domain::WebhookInput input = in;
    if (scope) {
        if (in.phone_number_id.has_value() && in.phone_number_id.value != scope->value()) {
            return Fail(Error::InvalidArgument("phone_number_id does not match the path")
                            .WithField("whatsapp_webhook.phone_number_id"));
        }
        input.phone_number_id.state = Field<std::string>::State::kValue;
        input.phone_number_id.value = scope->value();
    }
    WHARF_TRY(CheckSecret(in.secret_key));
    WHARF_TRY(domain::ApplyWebhookInput(w, input, true));
    if (w.phone_number_id) {
        WHARF_TRY(CheckNumber(project, *w.phone_number_id));
    }
    std::string secret =
        in.secret_key.has_value() ? in.secret_key.value : "wh_sec_" + RandomToken(40);
    w.sealed_secret = box_.Seal(secret, domain::WebhookSecretContext(w.id));
    w.created_at = w.updated_at = clock_.Now();
    auto inserted = store_.Webhooks().Insert(project, w);
    if (!inserted) {
        if (inserted.error().code == ErrorCode::kAlreadyExists) {
            return Fail(Error::InvalidArgument("this phone number already has a meta webhook")
                            .WithField("whatsapp_webhook.kind"));
        }
        return Fail(std::move(inserted).error());
    }
    return WebhookView{std::move(w), std::move(secret)};
}

Result<domain::Page<WebhookView>> WebhookService::List(const ProjectId& project,
                                                       const std::optional<PhoneNumberId>& scope,
                                                       store::WebhookFilter f,
                                                       domain::PageRequest page) {
    if (scope) {
        WHARF_TRY(CheckNumber(project, *scope));
    }
    f.phone_number_id = scope;
    WHARF_ASSIGN_OR_RETURN(auto p, store_.Webhooks().List(project, f, page));
    domain::Page<WebhookView> out;
    out.total_count = p.total_count;
    for (auto& w : p.items) {
        WHARF_ASSIGN_OR_RETURN(auto v, Open(std::move(w)));
        out.items.push_back(std::move(v));
    }
    return out;
}

Result<WebhookView> WebhookService::Get(const ProjectId& project,
                                        const std::optional<PhoneNumberId>& scope,
                                        const WebhookId& id) {
    WHARF_ASSIGN_OR_RETURN(auto w, store_.Webhooks().Get(project, id));
    WHARF_TRY(CheckScope(w, scope));
    return Open(std::move(w));
}

Result<WebhookView> WebhookService::Update(const ProjectId& project,
                                           const std::optional<PhoneNumberId>& scope,
                                           const WebhookId& id, const domain::WebhookInput& in) {
    WHARF_ASSIGN_OR_RETURN(auto w, store_.Webhooks().Get(project, id));
    WHARF_TRY(CheckScope(w, scope));
    if (in.phone_number_id.present() && (!in.phone_number_id.has_value() || !w.phone_number_id ||
                                         in.phone_number_id.value != w.phone_number_id->value())) {
        return Fail(Error::InvalidArgument("phone_number_id cannot be changed")
                        .WithField("whatsapp_webhook.phone_number_id"));
    }
    WHARF_TRY(CheckSecret(in.secret_key));
    WHARF_TRY(domain::ApplyWebhookInput(w, in, false));
    if (in.secret_key.has_value()) {
        w.sealed_secret = box_.Seal(in.secret_key.value, domain::WebhookSecretContext(w.id));
    }
    w.updated_at = clock_.Now();
    WHARF_TRY(store_.Webhooks().Update(project, w));
    return Open(std::move(w));
}

Result<void> WebhookService::Delete(const ProjectId& project,
                                    const std::optional<PhoneNumberId>& scope,
                                    const WebhookId& id) {
    WHARF_ASSIGN_OR_RETURN(auto w, store_.Webhooks().Get(project, id));
    WHARF_TRY(CheckScope(w, scope));
    return store_.Webhooks().Delete(project, id);
}

Result<WebhookDeliveryId> WebhookService::Test(const ProjectId& project, const WebhookId& id,
                                               const std::optional<std::string>& event_type) {
    WHARF_ASSIGN_OR_RETURN(auto w, store_.Webhooks().Get(project, id));
    std::string type;
    if (event_type && !event_type->empty()) {
        type = *event_type;
    } else if (!w.events.empty()) {
        type = w.events.front();
    } else {
        type = "whatsapp.message.received";
    }
    if (w.kind == domain::WebhookKind::kKapso && !w.Subscribes(type)) {
        return Fail(
            Error::InvalidArgument("webhook is not subscribed to " + type).WithField("event_type"));
    }
    Timestamp now = clock_.Now();
    std::string body = SampleEventPayload(type, w.phone_number_id, now);
    if (w.kind == domain::WebhookKind::kMeta) {
        bj::object meta{
            {"object", "whatsapp_business_account"},
            {"entry",
             bj::array{bj::object{
                 {"id", "0"},
                 {"changes",
                  bj::array{bj::object{
                      {"field", "messages"},
                      {"value", bj::object{{"messaging_product", "whatsapp"},
                                           {"metadata", bj::object{{"phone_number_id",
                                                                    w.phone_number_id
                                                                        ? w.phone_number_id->value()
                                                                        : std::string()}}}}}}}}}}}};
        body = bj::serialize(meta);
    } else if (w.payload_version == "v1" && w.phone_number_id) {
        domain::WhatsappConfigRef ref;
        ref.phone_number_id = w.phone_number_id->value();
        if (auto n = store_.PhoneNumbers().Get(project, *w.phone_number_id)) {
            ref.id = n->internal_id.value();
            ref.name = n->name;
            ref.display_phone_number = n->display_phone_number;
        }
        body = bj::serialize(domain::ToV1Payload(bj::parse(body).as_object(), ref));
    }
    domain::WebhookDelivery d;
    d.id = WebhookDeliveryId(NewUuid());
    d.project_id = project;
    d.webhook_id = w.id;
    d.event = type;
    d.phone_number_id = w.phone_number_id;
    d.body = std::move(body);
    d.idempotency_key =
        w.kind == domain::WebhookKind::kMeta ? domain::MetaIdempotencyKey(d.body) : d.id.value();
    d.next_attempt_at = d.retry_from = d.event_created_at = d.created_at = now;
    WHARF_TRY(store_.WebhookDeliveries().Insert(project, d));
    return d.id;
}

Result<DeliveryPage> WebhookService::ListDeliveries(const ProjectId& project,
                                                    const domain::DeliveryFilter& filter, int limit,
                                                    std::optional<std::int64_t> older_than,
                                                    std::optional<std::int64_t> newer_than) {
    WHARF_ASSIGN_OR_RETURN(auto items, store_.WebhookDeliveries().List(project, filter, limit + 1,
                                                                       older_than, newer_than));
    DeliveryPage page;
    bool more = static_cast<int>(items.size()) > limit;
    if (more) {
        if (newer_than) {
            items.erase(items.begin());  // newest first: the extra one is the newest
        } else {
            items.pop_back();
        }
    }
    page.items = std::move(items);
    page.has_older = newer_than ? true : more;
    page.has_newer = newer_than ? more : older_than.has_value();
    if (page.items.empty()) {
        page.has_older = page.has_newer = false;
    }
    return page;
}

Result<DeliveryView> WebhookService::GetDelivery(const ProjectId& project,
                                                 const WebhookDeliveryId& id) {
    WHARF_ASSIGN_OR_RETURN(auto d, store_.WebhookDeliveries().Get(project, id));
    WHARF_ASSIGN_OR_RETURN(auto attempts, store_.WebhookDeliveries().Attempts(project, id));
    return DeliveryView{std::move(d), std::move(attempts)};
}

Result<domain::WebhookDelivery> WebhookService::RetryDelivery(const ProjectId& project,
                                                              const WebhookDeliveryId& id) {
    WHARF_TRY(store_.WebhookDeliveries().Requeue(project, id, clock_.Now()));
    return store_.WebhookDeliveries().Get(project, id);
}

Result<long long> WebhookService::RetryDeadDeliveries(const ProjectId& project,
                                                      const WebhookId& id) {
    WHARF_TRY(store_.Webhooks().Get(project, id));
    return store_.WebhookDeliveries().RequeueDead(project, id, clock_.Now());
}

}  // namespace wharf::service
