#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "base/clock.h"
#include "base/field.h"
#include "base/ids.h"
#include "base/strong_id.h"

namespace wharf {
using WebhookId = StrongId<struct WebhookTag>;
using WebhookDeliveryId = StrongId<struct WebhookDeliveryTag>;
}  // namespace wharf

namespace wharf::domain {

// Events only outbound webhooks know (the outbox never stores these two).
inline constexpr const char* kEventConversationInactive = "whatsapp.conversation.inactive";
inline constexpr const char* kEventConfigCreated = "whatsapp.config.created";

enum class WebhookKind { kKapso, kMeta };
const char* WebhookKindName(WebhookKind k);

// An endpoint that receives a project's events (contract §2.3). Project-scoped when
// phone_number_id is empty, else scoped to that number. The secret is kept sealed (SecretBox,
// WebhookSecretContext) and opened only to sign or to render.
struct Webhook {
    WebhookId id;
    ProjectId project_id;
    std::optional<PhoneNumberId> phone_number_id;
    std::string url;
    WebhookKind kind = WebhookKind::kKapso;
    std::vector<std::string> events;
    bool active = true;
    std::string sealed_secret;
    std::map<std::string, std::string> headers;
    bool buffer_enabled = false;
    int buffer_window_seconds = 5;
    int max_buffer_size = 50;
    std::vector<std::string> buffer_events;
    int inactivity_minutes = 60;
    std::string payload_version = "v2";
    Timestamp created_at;
    Timestamp updated_at;

    bool Subscribes(const std::string& event) const;
    // Buffering applies to `event` (whatsapp.message.received, when enabled).
    bool Buffers(const std::string& event) const;
};

// The body of a create or patch as sent: every field may be absent (see Field).
struct WebhookInput {
    Field<std::string> url;
    Field<std::string> phone_number_id;
    Field<std::string> kind;
    Field<std::string> secret_key;
    Field<bool> active;
    Field<std::vector<std::string>> events;
    Field<bool> buffer_enabled;
    Field<long long> buffer_window_seconds;
    Field<long long> max_buffer_size;
    Field<std::vector<std::string>> buffer_events;
    Field<long long> inactivity_minutes;
    Field<std::map<std::string, std::string>> headers;
    Field<std::string> payload_version;
};

// The SecretBox context binding a sealed secret to its webhook.
std::string WebhookSecretContext(const WebhookId& id);

}  // namespace wharf::domain
