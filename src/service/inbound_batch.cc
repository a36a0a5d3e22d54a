#include "service/inbound_batch.h"

namespace wharf::service {

Result<const std::optional<std::pair<ProjectId, domain::PhoneNumber>>*> InboundBatch::FindNumber(
    const std::string& meta_phone_number_id) {
    auto it = numbers_.find(meta_phone_number_id);
    if (it == numbers_.end()) {
        auto owner = tx_.PhoneNumbers().FindByMetaId(PhoneNumberId(meta_phone_number_id));
        if (!owner && owner.error().code != ErrorCode::kNotFound) {
            return Fail(std::move(owner).error());
        }
        it = numbers_
                 .emplace(meta_phone_number_id,
                          owner ? std::optional(std::move(*owner)) : std::nullopt)
                 .first;
    }
    return &it->second;
}

std::string InboundBatch::Key(const ProjectId& project, const PhoneNumberId& number,
                              const std::string& wa_id) {
    std::string key;
    key.reserve(project.value().size() + number.value().size() + wa_id.size() + 2);
    key.append(project.value()).append(1, '\n').append(number.value()).append(1, '\n');
    key.append(wa_id);
    return key;
}

InboundBatch::Thread* InboundBatch::Find(const ProjectId& project, const PhoneNumberId& number,
                                         const std::string& wa_id) {
    auto it = threads_.find(Key(project, number, wa_id));
    return it == threads_.end() ? nullptr : &it->second.thread;
}

InboundBatch::Thread& InboundBatch::Remember(const ProjectId& project, Thread thread) {
    std::string key = Key(project, thread.conversation.phone_number_id, thread.conversation.wa_id);
    auto it = threads_.find(key);
    if (it == threads_.end()) {
        it = threads_.emplace(std::move(key), Entry{project, std::move(thread)}).first;
    } else {
        it->second.thread = std::move(thread);
    }
    return it->second.thread;
}

void InboundBatch::MarkChanged(const ProjectId& project, const Thread& thread) {
    auto it =
        threads_.find(Key(project, thread.conversation.phone_number_id, thread.conversation.wa_id));
    if (it != threads_.end() && !it->second.changed) {
        it->second.changed = true;
        changed_.push_back(&it->second);
    }
}

Result<void> InboundBatch::Flush() {
    for (Entry* e : changed_) {
        WHARF_TRY(tx_.Conversations().Update(e->project, e->thread.conversation));
        e->changed = false;
    }
    changed_.clear();
    threads_.clear();
    return {};
}

}  // namespace wharf::service
