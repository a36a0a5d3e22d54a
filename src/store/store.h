#pragma once

#include <functional>

#include "base/result.h"
#include "store/contact_repository.h"
#include "store/conversation_repository.h"
#include "store/customer_repository.h"
#include "store/event_repository.h"
#include "store/job_queue.h"
#include "store/media_repository.h"
#include "store/message_repository.h"
#include "store/phone_number_repository.h"
#include "store/project_repository.h"
#include "store/setup_link_repository.h"
#include "store/template_repository.h"
#include "store/webhook_delivery_repository.h"
#include "store/webhook_repository.h"

namespace wharf::store {

// The storage engine behind every repository. Implementations: SqliteStore (now), PostgresStore
// (later); both pass store/testing/store_conformance. Every repository call is its own
// transaction unless made inside Transact. Thread-safe: calls may come from any thread.
class Store {
public:
    virtual ~Store() = default;

    virtual ProjectRepository& Projects() = 0;
    virtual CustomerRepository& Customers() = 0;
    virtual SetupLinkRepository& SetupLinks() = 0;
    virtual PhoneNumberRepository& PhoneNumbers() = 0;
    virtual EventRepository& Events() = 0;
    virtual ContactRepository& Contacts() = 0;
    virtual ConversationRepository& Conversations() = 0;
    virtual MessageRepository& Messages() = 0;
    virtual JobQueue& Jobs() = 0;
    virtual WebhookRepository& Webhooks() = 0;
    virtual WebhookDeliveryRepository& WebhookDeliveries() = 0;
    virtual TemplateRepository& Templates() = 0;
    virtual MediaRepository& Media() = 0;

    // Runs `fn` against a Store view whose calls all share one transaction: committed when fn
    // returns success, rolled back when it returns an error (which Transact then returns). Calls
    // on the outer store from inside fn are not part of the transaction. Not reentrant.
    virtual Result<void> Transact(const std::function<Result<void>(Store& tx)>& fn) = 0;

    // Transact without waiting for it: `done` gets what Transact would have returned, exactly
    // once, after the commit, on a thread of the store's (it must be quick and must not call
    // Transact).
    // A caller that must not block (an event loop) asks WritesAsync() first: when it is false,
    // TransactAsync runs Transact on the calling thread and then `done`.
    virtual bool WritesAsync() const { return false; }
    virtual void TransactAsync(std::function<Result<void>(Store& tx)> fn,
                               std::function<void(Result<void>)> done) {
        done(Transact(fn));
    }

    // Runs `fn` against a Store view whose reads all see one snapshot of the store (one
    // connection, one read transaction), and returns what fn returns. A batch of lookups costs
    // less this way than as separate reads. fn must only read. Inside Transact's view it runs on
    // that view.
    virtual Result<void> Snapshot(const std::function<Result<void>(Store& snapshot)>& fn) = 0;

    // Cheap round trip to the database (readiness probe).
    virtual Result<void> Ping() = 0;
};

}  // namespace wharf::store
