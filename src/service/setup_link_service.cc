#include "service/setup_link_service.h"

#include "base/crypto.h"
#include "base/random.h"

namespace wharf::service {

Result<CreatedSetupLink> SetupLinkService::Create(const ProjectId& project,
                                                  const CustomerId& customer,
                                                  const domain::SetupLinkCreate& in) {
    WHARF_TRY(store_.Customers().Get(project, customer));
    domain::PhoneNumberFilter f;
    f.customer_id = customer;
    WHARF_ASSIGN_OR_RETURN(auto numbers,
                           store_.PhoneNumbers().List(project, f, {1, domain::kMaxPerPage}));
    WHARF_ASSIGN_OR_RETURN(domain::SetupLink link,
                           domain::BuildSetupLink(in, numbers.items, clock_.Now()));
    link.id = SetupLinkId(NewUuid());
    link.customer_id = customer;
    link.slug = RandomToken(32);
    std::string token = "wsl_" + RandomToken(40);
    link.token_hash = Sha256Hex(token);
    WHARF_TRY(store_.SetupLinks().InsertRevokingActive(project, link));
    return CreatedSetupLink{std::move(link), std::move(token)};
}

Result<domain::Page<domain::SetupLink>> SetupLinkService::List(
    const ProjectId& project, const CustomerId& customer, const domain::SetupLinkFilter& filter,
    domain::PageRequest page) {
    WHARF_TRY(store_.Customers().Get(project, customer));
    Timestamp now = clock_.Now();
    WHARF_ASSIGN_OR_RETURN(auto p, store_.SetupLinks().List(project, customer, filter, page, now));
    for (auto& l : p.items) {
        l.status = domain::EffectiveStatus(l, now);
    }
    return p;
}

Result<domain::SetupLink> SetupLinkService::Get(const ProjectId& project,
                                                const CustomerId& customer, const SetupLinkId& id) {
    WHARF_ASSIGN_OR_RETURN(domain::SetupLink l, store_.SetupLinks().Get(project, customer, id));
    l.status = domain::EffectiveStatus(l, clock_.Now());
    return l;
}

Result<domain::SetupLink> SetupLinkService::Update(const ProjectId& project,
                                                   const CustomerId& customer,
                                                   const SetupLinkId& id,
                                                   const domain::SetupLinkPatch& patch) {
    Timestamp now = clock_.Now();
    domain::SetupLink updated;
    WHARF_TRY(store_.Transact([&](store::Store& tx) -> Result<void> {
        WHARF_ASSIGN_OR_RETURN(domain::SetupLink l, tx.SetupLinks().Get(project, customer, id));
        l.status = domain::EffectiveStatus(l, now);
        const bool was_active = l.status == domain::SetupLinkStatus::kActive;
        WHARF_ASSIGN_OR_RETURN(updated, domain::ApplySetupLinkPatch(l, patch, now));
        if (!was_active && updated.status == domain::SetupLinkStatus::kActive) {
            // Keep "one active link per customer": revoke the others.
            domain::SetupLinkFilter f;
            f.status = domain::SetupLinkStatus::kActive;
            WHARF_ASSIGN_OR_RETURN(
                auto active,
                tx.SetupLinks().List(project, customer, f, {1, domain::kMaxPerPage}, now));
            for (auto& other : active.items) {
                if (other.id != updated.id) {
                    other.status = domain::SetupLinkStatus::kRevoked;
                    other.updated_at = now;
                    WHARF_TRY(tx.SetupLinks().Update(project, other));
                }
            }
        }
        return tx.SetupLinks().Update(project, updated);
    }));
    updated.status = domain::EffectiveStatus(updated, now);
    return updated;
}

}  // namespace wharf::service
