#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "base/clock.h"
#include "base/result.h"
#include "base/secret_box.h"
#include "domain/pagination/page.h"
#include "domain/webhook/webhook.h"
#include "domain/webhook/webhook_delivery.h"
#include "store/store.h"

namespace wharf::service {

// A webhook with its secret opened (returned on create and get, as Kapso does).
struct WebhookView {
    domain::Webhook webhook;
    std::string secret_key;
};

// One page of deliveries, newest first, with whether older / newer ones exist.
struct DeliveryPage {
    std::vector<domain::WebhookDelivery> items;
    bool has_older = false;
    bool has_newer = false;
};

struct DeliveryView {
    domain::WebhookDelivery delivery;
    std::vector<domain::DeliveryAttempt> attempts;
};

// Webhook configuration (both scopes), the test send, delivery visibility and replay. Secrets are
// generated when absent and sealed with the SecretBox before they reach the store. `scope` is
// the phone number of the /phone_numbers/{id}/webhooks paths (nullopt on the project paths,
// which reach every webhook of the project). Thread-safe.
class WebhookService {
public:
    WebhookService(store::Store& store, const SecretBox& box, const Clock& clock)
        : store_(store), box_(box), clock_(clock) {}

    Result<WebhookView> Create(const ProjectId& project, const std::optional<PhoneNumberId>& scope,
                               const domain::WebhookInput& in);
    // `filter.phone_number_id` is replaced by `scope`.
    Result<domain::Page<WebhookView>> List(const ProjectId& project,
                                           const std::optional<PhoneNumberId>& scope,
                                           store::WebhookFilter filter, domain::PageRequest page);
    Result<WebhookView> Get(const ProjectId& project, const std::optional<PhoneNumberId>& scope,
                            const WebhookId& id);
    Result<WebhookView> Update(const ProjectId& project, const std::optional<PhoneNumberId>& scope,
                               const WebhookId& id, const domain::WebhookInput& in);
    Result<void> Delete(const ProjectId& project, const std::optional<PhoneNumberId>& scope,
                        const WebhookId& id);
    // Queues a signed sample of `event_type` (default: the first subscribed event) to the
    // webhook. kInvalidArgument when the webhook does not subscribe to it.
    Result<WebhookDeliveryId> Test(const ProjectId& project, const WebhookId& id,
                                   const std::optional<std::string>& event_type);

    Result<DeliveryPage> ListDeliveries(const ProjectId& project,
                                        const domain::DeliveryFilter& filter, int limit,
                                        std::optional<std::int64_t> older_than,
                                        std::optional<std::int64_t> newer_than);
    Result<DeliveryView> GetDelivery(const ProjectId& project, const WebhookDeliveryId& id);
    Result<domain::WebhookDelivery> RetryDelivery(const ProjectId& project,
                                                  const WebhookDeliveryId& id);
    Result<long long> RetryDeadDeliveries(const ProjectId& project, const WebhookId& id);

    const Clock& clock() const { return clock_; }

private:
    Result<WebhookView> Open(domain::Webhook w) const;
    Result<void> CheckNumber(const ProjectId& project, const PhoneNumberId& pn);

    store::Store& store_;
    const SecretBox& box_;
    const Clock& clock_;
};

// The sample body the test endpoint sends for an event (v2 shapes).
std::string SampleEventPayload(const std::string& event_type,
                               const std::optional<PhoneNumberId>& phone_number, Timestamp now);

}  // namespace wharf::service
