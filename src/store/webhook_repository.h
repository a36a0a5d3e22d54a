#pragma once

#include <optional>
#include <string>
#include <vector>

#include "base/result.h"
#include "domain/pagination/page.h"
#include "domain/webhook/webhook.h"

namespace wharf::store {

struct WebhookFilter {
    std::optional<PhoneNumberId> phone_number_id;  // only that number's webhooks
    std::optional<domain::WebhookKind> kind;
    std::optional<bool> active;
    std::optional<std::string> url_contains;
    std::optional<Timestamp> created_after;  // exclusive bounds
    std::optional<Timestamp> created_before;
};

// Webhook configurations of one project (both scopes: ids are global within the project).
// Another project's ids are kNotFound.
class WebhookRepository {
public:
    virtual ~WebhookRepository() = default;
    // kNotFound when the project does not exist; kAlreadyExists for a second meta webhook on a
    // number.
    virtual Result<void> Insert(const ProjectId& project, const domain::Webhook& w) = 0;
    virtual Result<domain::Webhook> Get(const ProjectId& project, const WebhookId& id) = 0;
    // Oldest first (created_at, id).
    virtual Result<domain::Page<domain::Webhook>> List(const ProjectId& project,
                                                       const WebhookFilter& filter,
                                                       domain::PageRequest page) = 0;
    // Writes every mutable field and updated_at. kNotFound if absent.
    virtual Result<void> Update(const ProjectId& project, const domain::Webhook& w) = 0;
    // Deletes the webhook, its open buffers and armed timers; its deliveries stay as history
    // (pending ones are failed with "webhook deleted"). kNotFound if absent.
    virtual Result<void> Delete(const ProjectId& project, const WebhookId& id) = 0;

    // For the delivery workers, which serve every project: every active webhook, and one
    // webhook by id whatever its project.
    virtual Result<std::vector<domain::Webhook>> ListActiveAllProjects() = 0;
    virtual Result<domain::Webhook> FindForDelivery(const WebhookId& id) = 0;
};

}  // namespace wharf::store
