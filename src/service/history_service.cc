#include "service/history_service.h"

#include <algorithm>
#include <map>
#include <tuple>

#include <boost/json.hpp>

#include "base/random.h"
#include "domain/event/event.h"
#include "domain/message/message_validator.h"

namespace wharf::service {
namespace {

namespace bj = boost::json;

using domain::ContactName;

// An unknown number is named by field so that the proxy can say which id it could not find.
Result<void> CheckScope(store::Store& store, const ProjectId& project, const HistoryScope& scope) {
    if (!scope.number) {
        return {};
    }
    auto n = store.PhoneNumbers().Get(project, *scope.number);
    if (!n) {
        if (n.error().code == ErrorCode::kNotFound) {
            return Fail(Error::NotFound("phone number not found").WithField("phone_number_id"));
        }
        return Fail(std::move(n).error());
    }
    return {};
}

Result<domain::Contact> FindContact(store::Store& store, const ProjectId& project,
                                    const ContactRef& ref) {
    auto not_found = [] { return Fail(Error::NotFound("contact not found").WithField("wa_id")); };
    if (ref.number) {
        WHARF_TRY(CheckScope(store, project, HistoryScope{ref.number}));
        auto wa_id = domain::NormalizeRecipientPhone(ref.identifier);
        if (!wa_id) {
            return not_found();
        }
        return store.Contacts().Find(project, *ref.number, *wa_id);
    }
    if (IsUuid(ref.identifier)) {
        return store.Contacts().Get(project, ContactId(ref.identifier));
    }
    auto wa_id = domain::NormalizeRecipientPhone(ref.identifier);
    if (!wa_id) {
        return not_found();
    }
    domain::ContactFilter filter;
    filter.wa_id = *wa_id;
    WHARF_ASSIGN_OR_RETURN(auto page, store.Contacts().List(project, filter, {1, {}, {}}));
    if (page.items.empty()) {
        return not_found();
    }
    return std::move(page.items.front());
}

// A customer_id from a request body: one of the project's customers.
Result<CustomerId> ResolveCustomer(store::Store& store, const ProjectId& project,
                                   const std::string& id) {
    auto invalid = [] {
        return Fail(Error::InvalidArgument("customer_id is not one of the project's customers")
                        .WithField("customer_id"));
    };
    if (!IsUuid(id)) {
        return invalid();
    }
    auto c = store.Customers().Get(project, CustomerId(id));
    if (!c) {
        if (c.error().code == ErrorCode::kNotFound) {
            return invalid();
        }
        return Fail(std::move(c).error());
    }
    return c->id;
}

// Contacts belong to a number; a Platform create may leave it out when there is only one.
Result<PhoneNumberId> ResolveNumberForCreate(store::Store& store, const ProjectId& project,
                                             const std::optional<PhoneNumberId>& given) {
    if (given) {
        auto n = store.PhoneNumbers().Get(project, *given);
        if (!n) {
            if (n.error().code == ErrorCode::kNotFound) {
                return Fail(Error::InvalidArgument("phone_number_id is not one of the project's "
                                                   "phone numbers")
                                .WithField("phone_number_id"));
            }
            return Fail(std::move(n).error());
        }
        return n->phone_number_id;
    }
    WHARF_ASSIGN_OR_RETURN(auto numbers, store.PhoneNumbers().List(project, {}, {1, 2}));
    if (numbers.total_count == 1 && !numbers.items.empty()) {
        return numbers.items.front().phone_number_id;
    }
    if (numbers.total_count == 0) {
        return Fail(Error::FailedPrecondition("the project has no phone numbers to add contacts to")
                        .WithField("phone_number_id"));
    }
    return Fail(Error::InvalidArgument(
                    "phone_number_id is required when the project has several phone numbers")
                    .WithField("phone_number_id"));
}

// Views need the contact's name and the number's internal id; a page names few distinct ones,
// so each is read once per call.
class ViewLookups {
public:
    ViewLookups(store::Store& store, const ProjectId& project) : store_(store), project_(project) {}

    Result<std::optional<std::string>> ContactNameOf(const ContactId& id) {
        auto it = names_.find(id.value());
        if (it != names_.end()) {
            return it->second;
        }
        std::optional<std::string> name;
        auto c = store_.Contacts().Get(project_, id);
        if (c) {
            name = ContactName(*c);
        } else if (c.error().code != ErrorCode::kNotFound) {
            return Fail(std::move(c).error());
        }
        names_.emplace(id.value(), name);
        return name;
    }

    Result<std::optional<PhoneConfigId>> ConfigIdOf(const PhoneNumberId& number) {
        auto it = configs_.find(number.value());
        if (it != configs_.end()) {
            return it->second;
        }
        std::optional<PhoneConfigId> config;
        auto n = store_.PhoneNumbers().Get(project_, number);
        if (n) {
            config = n->internal_id;
        } else if (n.error().code != ErrorCode::kNotFound) {
            return Fail(std::move(n).error());
        }
        configs_.emplace(number.value(), config);
        return config;
    }

    Result<MessageView> View(domain::Message m) {
        WHARF_ASSIGN_OR_RETURN(auto name, ContactNameOf(m.contact_id));
        return MessageView{std::move(m), std::move(name)};
    }

    Result<ConversationView> View(domain::Conversation c) {
        WHARF_ASSIGN_OR_RETURN(auto name, ContactNameOf(c.contact_id));
        WHARF_ASSIGN_OR_RETURN(auto config, ConfigIdOf(c.phone_number_id));
        return ConversationView{std::move(c), std::move(name), std::move(config)};
    }

private:
    store::Store& store_;
    const ProjectId& project_;
    std::map<std::string, std::optional<std::string>> names_;
    std::map<std::string, std::optional<PhoneConfigId>> configs_;
};

template <class In, class Out>
Result<domain::KeysetPage<Out>> Views(ViewLookups& lookups, domain::KeysetPage<In> page) {
    domain::KeysetPage<Out> out;
    out.has_older = page.has_older;
    out.has_newer = page.has_newer;
    out.items.reserve(page.items.size());
    for (auto& item : page.items) {
        WHARF_ASSIGN_OR_RETURN(Out v, lookups.View(std::move(item)));
        out.items.push_back(std::move(v));
    }
    return out;
}

}  // namespace

domain::KeysetPage<domain::Message> MergeMessagePages(
    std::vector<domain::KeysetPage<domain::Message>> pages, const domain::KeysetRequest& request) {
    domain::KeysetPage<domain::Message> out;
    for (auto& p : pages) {
        // Each part's flags are relative to its own edge, but no part has rows between its edge
        // and the cursor, so "more past the edge" of any part is "more past the merged edge".
        out.has_older = out.has_older || p.has_older;
        out.has_newer = out.has_newer || p.has_newer;
        std::move(p.items.begin(), p.items.end(), std::back_inserter(out.items));
    }
    std::sort(out.items.begin(), out.items.end(),
              [](const domain::Message& a, const domain::Message& b) {
                  return std::tie(a.created_at, a.wamid) > std::tie(b.created_at, b.wamid);
              });
    const size_t limit = static_cast<size_t>(std::max(request.limit, 0));
    if (out.items.size() > limit) {
        if (request.before) {
            // A page before the cursor is the rows just newer than it: keep the oldest ones.
            out.items.erase(out.items.begin(), out.items.end() - static_cast<long>(limit));
            out.has_newer = true;
        } else {
            out.items.erase(out.items.begin() + static_cast<long>(limit), out.items.end());
            out.has_older = true;
        }
    }
    return out;
}

Result<domain::KeysetPage<MessageView>> HistoryService::ListMessages(
    const ProjectId& project, const HistoryScope& scope, const MessageQuery& query,
    const domain::KeysetRequest& page) {
    WHARF_TRY(CheckScope(store_, project, scope));
    domain::MessageFilter filter = query.filter;
    if (scope.number) {
        filter.phone_number_id = scope.number;
    }
    domain::KeysetPage<domain::Message> messages;
    if (query.any_status.size() <= 1) {
        if (!query.any_status.empty()) {
            filter.status = query.any_status.front();
        }
        WHARF_ASSIGN_OR_RETURN(messages, store_.Messages().List(project, filter, page));
    } else {
        std::vector<domain::KeysetPage<domain::Message>> parts;
        for (const auto& status : query.any_status) {
            filter.status = status;
            WHARF_ASSIGN_OR_RETURN(auto part, store_.Messages().List(project, filter, page));
            parts.push_back(std::move(part));
        }
        messages = MergeMessagePages(std::move(parts), page);
    }
    ViewLookups lookups(store_, project);
    return Views<domain::Message, MessageView>(lookups, std::move(messages));
}

Result<MessageView> HistoryService::GetMessage(const ProjectId& project, const HistoryScope& scope,
                                               const std::string& wamid) {
    WHARF_TRY(CheckScope(store_, project, scope));
    WHARF_ASSIGN_OR_RETURN(domain::Message m, store_.Messages().Get(project, wamid));
    if (scope.number && m.phone_number_id != *scope.number) {
        return Fail(Error::NotFound("message not found"));
    }
    ViewLookups lookups(store_, project);
    return lookups.View(std::move(m));
}

Result<domain::KeysetPage<ConversationView>> HistoryService::ListConversations(
    const ProjectId& project, const HistoryScope& scope, const domain::ConversationFilter& filter,
    const domain::KeysetRequest& page) {
    WHARF_TRY(CheckScope(store_, project, scope));
    domain::ConversationFilter f = filter;
    if (scope.number) {
        f.phone_number_id = scope.number;
    }
    WHARF_ASSIGN_OR_RETURN(auto conversations, store_.Conversations().List(project, f, page));
    ViewLookups lookups(store_, project);
    return Views<domain::Conversation, ConversationView>(lookups, std::move(conversations));
}

Result<ConversationView> HistoryService::GetConversation(const ProjectId& project,
                                                         const HistoryScope& scope,
                                                         const ConversationId& id) {
    WHARF_TRY(CheckScope(store_, project, scope));
    WHARF_ASSIGN_OR_RETURN(domain::Conversation c, store_.Conversations().Get(project, id));
    if (scope.number && c.phone_number_id != *scope.number) {
        return Fail(Error::NotFound("conversation not found"));
    }
    ViewLookups lookups(store_, project);
    return lookups.View(std::move(c));
}

Result<ConversationView> HistoryService::SetConversationStatus(const ProjectId& project,
                                                               const ConversationId& id,
                                                               domain::ConversationStatus status) {
    domain::Conversation result;
    WHARF_TRY(store_.Transact([&](store::Store& tx) -> Result<void> {
        WHARF_ASSIGN_OR_RETURN(domain::Conversation c, tx.Conversations().Get(project, id));
        if (c.status == status) {
            result = std::move(c);
            return {};
        }
        Timestamp now = clock_.Now();
        c.status = status;
        c.updated_at = now;
        if (status == domain::ConversationStatus::kEnded) {
            c.ended_at = now;
            WHARF_TRY(tx.Conversations().Update(project, c));
            domain::Event e;
            e.id = EventId(NewUuid());
            e.type = domain::kEventConversationEnded;
            e.phone_number_id = c.phone_number_id;
            e.payload = bj::serialize(bj::object{{"conversation_id", c.id.value()},
                                                 {"phone_number_id", c.phone_number_id.value()}});
            e.created_at = now;
            WHARF_TRY(tx.Events().Insert(project, e));
        } else {
            auto other = tx.Conversations().FindActive(project, c.phone_number_id, c.wa_id);
            if (other) {
                return Fail(Error::FailedPrecondition(
                                "another conversation with this user is active; end it first")
                                .WithField("status"));
            }
            if (other.error().code != ErrorCode::kNotFound) {
                return Fail(std::move(other).error());
            }
            // Reopening counts as activity: without it the idle sweep would end the
            // conversation again at once.
            c.ended_at.reset();
            c.last_active_at = now;
            WHARF_TRY(tx.Conversations().Update(project, c));
        }
        result = std::move(c);
        return {};
    }));
    ViewLookups lookups(store_, project);
    return lookups.View(std::move(result));
}

Result<domain::KeysetPage<domain::Contact>> HistoryService::ListContacts(
    const ProjectId& project, const HistoryScope& scope, const domain::ContactFilter& filter,
    const domain::KeysetRequest& page) {
    WHARF_TRY(CheckScope(store_, project, scope));
    domain::ContactFilter f = filter;
    if (scope.number) {
        f.phone_number_id = scope.number;
    }
    return store_.Contacts().List(project, f, page);
}

Result<domain::Contact> HistoryService::GetContact(const ProjectId& project,
                                                   const ContactRef& ref) {
    return FindContact(store_, project, ref);
}

Result<domain::Contact> HistoryService::CreateContact(const ProjectId& project,
                                                      const ContactCreate& in) {
    auto wa_id = domain::NormalizeRecipientPhone(in.wa_id);
    if (!wa_id) {
        return Fail(Error::InvalidArgument("wa_id must be a phone number (7 to 15 digits)")
                        .WithField("wa_id"));
    }
    domain::Contact c;
    WHARF_ASSIGN_OR_RETURN(c.phone_number_id,
                           ResolveNumberForCreate(store_, project, in.phone_number_id));
    if (in.customer_id) {
        WHARF_ASSIGN_OR_RETURN(c.customer_id, ResolveCustomer(store_, project, *in.customer_id));
    }
    c.id = ContactId(NewUuid());
    c.wa_id = *wa_id;
    c.profile_name = in.profile_name;
    c.display_name = in.display_name;
    c.metadata = in.metadata.value_or("{}");
    c.created_at = c.updated_at = clock_.Now();
    auto inserted = store_.Contacts().Insert(project, c);
    if (!inserted) {
        if (inserted.error().code == ErrorCode::kAlreadyExists) {
            return Fail(Error::AlreadyExists("a contact with this wa_id already exists on this "
                                             "phone number")
                            .WithField("wa_id"));
        }
        return Fail(std::move(inserted).error());
    }
    return c;
}

Result<domain::Contact> HistoryService::UpdateContact(const ProjectId& project,
                                                      const ContactRef& ref,
                                                      const ContactPatch& patch) {
    domain::Contact result;
    WHARF_TRY(store_.Transact([&](store::Store& tx) -> Result<void> {
        WHARF_ASSIGN_OR_RETURN(domain::Contact c, FindContact(tx, project, ref));
        if (patch.wa_id.present()) {
            auto wa_id = patch.wa_id.has_value()
                             ? domain::NormalizeRecipientPhone(patch.wa_id.value)
                             : std::nullopt;
            if (wa_id != c.wa_id) {
                return Fail(Error::InvalidArgument("wa_id cannot be changed").WithField("wa_id"));
            }
        }
        bool changed = false;
        if (patch.profile_name.present()) {
            c.profile_name = patch.profile_name.AsOptional();
            changed = true;
        }
        if (patch.display_name.present()) {
            c.display_name = patch.display_name.AsOptional();
            changed = true;
        }
        if (patch.customer_id.has_value()) {
            WHARF_ASSIGN_OR_RETURN(c.customer_id,
                                   ResolveCustomer(tx, project, patch.customer_id.value));
            changed = true;
        } else if (patch.customer_id.is_null()) {
            c.customer_id.reset();
            changed = true;
        }
        if (patch.metadata.present()) {
            c.metadata = patch.metadata.has_value() ? patch.metadata.value : "{}";
            changed = true;
        }
        if (changed) {
            c.updated_at = clock_.Now();
            WHARF_TRY(tx.Contacts().Update(project, c));
        }
        result = std::move(c);
        return {};
    }));
    return result;
}

Result<void> HistoryService::DeleteContact(const ProjectId& project, const ContactRef& ref) {
    WHARF_ASSIGN_OR_RETURN(domain::Contact c, FindContact(store_, project, ref));
    return store_.Contacts().Delete(project, c.id);
}

}  // namespace wharf::service
