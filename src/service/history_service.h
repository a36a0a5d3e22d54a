#pragma once

#include <optional>
#include <string>
#include <vector>

#include "base/clock.h"
#include "base/field.h"
#include "base/result.h"
#include "domain/contact/contact.h"
#include "domain/conversation/conversation.h"
#include "domain/message/message.h"
#include "domain/pagination/keyset.h"
#include "store/store.h"

namespace wharf::service {

// Where a history read is addressed. The Platform API reads the whole project (`number` empty);
// the Meta proxy addresses one business number in its path (/{phone_number_id}/...): that number
// must be one of the project's (kNotFound otherwise) and only its records are seen.
struct HistoryScope {
    std::optional<PhoneNumberId> number;
};

// A stored message with what rendering it needs from elsewhere: the name the business knows the
// user by (the contact's display_name, else their profile_name).
struct MessageView {
    domain::Message message;
    std::optional<std::string> contact_name;
};

// A stored conversation with its contact's name and the number's internal id (Kapso's
// whatsapp_config_id; empty when the number has since been deleted).
struct ConversationView {
    domain::Conversation conversation;
    std::optional<std::string> contact_name;
    std::optional<PhoneConfigId> phone_config_id;
};

// A message list query: the store filter, plus a set of stored statuses of which any matches
// (one API status can stand for several stored ones: Kapso's "delivered" is also an inbound
// message's "received"). Empty `any_status` means any status; filter.status must then be empty.
struct MessageQuery {
    domain::MessageFilter filter;
    std::vector<std::string> any_status;
};

// How a request names a contact. With `number` (the proxy's /{phone_number_id}/contacts/{wa_id}):
// that number's contact with wa_id `identifier`. Without (the Platform's /contacts/{identifier}):
// a contact UUID, else a phone number, which names the newest contact with that wa_id on any of
// the project's numbers.
struct ContactRef {
    std::optional<PhoneNumberId> number;
    std::string identifier;
};

// POST /whatsapp/contacts. `phone_number_id` may be left out when the project has exactly one
// number (contacts belong to a number). `metadata` is a JSON object's text.
struct ContactCreate {
    std::string wa_id;
    std::optional<PhoneNumberId> phone_number_id;
    std::optional<std::string> profile_name;
    std::optional<std::string> display_name;
    std::optional<std::string> customer_id;
    std::optional<std::string> metadata;
};

// A contact PATCH: absent fields are kept, null clears (metadata null becomes {}). `wa_id` is
// the contact's identity: it may be repeated but not changed.
struct ContactPatch {
    Field<std::string> wa_id;
    Field<std::string> profile_name;
    Field<std::string> display_name;
    Field<std::string> customer_id;
    Field<std::string> metadata;  // a JSON object's text
};

// The stored history read back for the API: messages, conversations and contacts of a project,
// keyset-paged newest first, plus the few writes on them (conversation status, contact profile,
// Platform contact create/delete). Every call is scoped to one project; records of other
// projects are kNotFound. Holds references to the store and clock, which must outlive it.
// Thread-safe (no state of its own).
class HistoryService {
public:
    HistoryService(store::Store& store, const Clock& clock) : store_(store), clock_(clock) {}

    Result<domain::KeysetPage<MessageView>> ListMessages(const ProjectId& project,
                                                         const HistoryScope& scope,
                                                         const MessageQuery& query,
                                                         const domain::KeysetRequest& page);
    Result<MessageView> GetMessage(const ProjectId& project, const HistoryScope& scope,
                                   const std::string& wamid);

    Result<domain::KeysetPage<ConversationView>> ListConversations(
        const ProjectId& project, const HistoryScope& scope,
        const domain::ConversationFilter& filter, const domain::KeysetRequest& page);
    Result<ConversationView> GetConversation(const ProjectId& project, const HistoryScope& scope,
                                             const ConversationId& id);
    // Ends an active conversation (recording whatsapp.conversation.ended in the same
    // transaction) or reopens an ended one, which makes it the user's active conversation again
    // (kFailedPrecondition when another one is active). Setting the current status is a no-op.
    Result<ConversationView> SetConversationStatus(const ProjectId& project,
                                                   const ConversationId& id,
                                                   domain::ConversationStatus status);

    Result<domain::KeysetPage<domain::Contact>> ListContacts(const ProjectId& project,
                                                             const HistoryScope& scope,
                                                             const domain::ContactFilter& filter,
                                                             const domain::KeysetRequest& page);
    Result<domain::Contact> GetContact(const ProjectId& project, const ContactRef& ref);
    Result<domain::Contact> CreateContact(const ProjectId& project, const ContactCreate& in);
    Result<domain::Contact> UpdateContact(const ProjectId& project, const ContactRef& ref,
                                          const ContactPatch& patch);
    // kFailedPrecondition when the contact has conversations (history is kept).
    Result<void> DeleteContact(const ProjectId& project, const ContactRef& ref);

private:
    store::Store& store_;
    const Clock& clock_;
};

// Merges keyset pages of disjoint subsets of one list, read with the same request, into the page
// the request would give on their union (used for MessageQuery::any_status). Exposed for tests.
domain::KeysetPage<domain::Message> MergeMessagePages(
    std::vector<domain::KeysetPage<domain::Message>> pages, const domain::KeysetRequest& request);

}  // namespace wharf::service
