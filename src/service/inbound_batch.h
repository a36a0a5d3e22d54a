#pragma once

#include <optional>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "base/ids.h"
#include "base/result.h"
#include "domain/contact/contact.h"
#include "domain/conversation/conversation.h"
#include "domain/phone_number/phone_number.h"
#include "store/store.h"

namespace wharf::service {

// What one transaction recording inbound messages (queued Meta webhook bodies, many at a time;
// a simulated user's message) remembers between them: each business number by Meta's
// phone_number_id, and each thread's (project, number, user) contact and active conversation as
// this transaction has them. Messages of one thread then read its rows once, and its conversation
// row, however many of the messages moved it, is written once, by Flush.
//
// Until Flush the stored conversations lag behind: call Flush before anything in the same
// transaction reads a conversation another way (a status's event, ending an idle one), and
// before the transaction commits. Lives inside one Store::Transact fn and uses only its `tx`;
// after the fn failed, drop it (the writes it remembers were rolled back). Not thread-safe.
class InboundBatch {
public:
    explicit InboundBatch(store::Store& tx) : tx_(tx) {}

    // The number and its project (PhoneNumberRepository::FindByMetaId), read once per
    // transaction; nullopt when wharf knows no such number.
    Result<const std::optional<std::pair<ProjectId, domain::PhoneNumber>>*> FindNumber(
        const std::string& meta_phone_number_id);

    // A thread's rows as this transaction has them.
    struct Thread {
        domain::Contact contact;
        domain::Conversation conversation;
    };
    // The remembered thread, or null.
    Thread* Find(const ProjectId& project, const PhoneNumberId& number, const std::string& wa_id);
    // Remembers `thread` (its rows as stored now) and returns it.
    Thread& Remember(const ProjectId& project, Thread thread);
    // Notes that the remembered `thread`'s conversation was changed in memory and must be written.
    void MarkChanged(const ProjectId& project, const Thread& thread);
    // Writes every changed conversation (ConversationRepository::Update), in the order they were
    // first changed, and forgets every thread (the next message of one reads it again).
    Result<void> Flush();
    // Conversations changed and not yet written.
    size_t PendingWrites() const { return changed_.size(); }

private:
    static std::string Key(const ProjectId& project, const PhoneNumberId& number,
                           const std::string& wa_id);

    struct Entry {
        ProjectId project;
        Thread thread;
        bool changed = false;
    };

    store::Store& tx_;
    std::unordered_map<std::string, std::optional<std::pair<ProjectId, domain::PhoneNumber>>>
        numbers_;
    std::unordered_map<std::string, Entry> threads_;
    std::vector<Entry*> changed_;  // first change first (the map's nodes do not move)
};

}  // namespace wharf::service
