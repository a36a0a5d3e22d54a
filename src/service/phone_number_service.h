#pragma once

#include <optional>
#include <string>
#include <vector>

#include "base/clock.h"
#include "base/result.h"
#include "base/secret_box.h"
#include "domain/event/event.h"
#include "domain/pagination/page.h"
#include "domain/phone_number/phone_number.h"
#include "domain/phone_number/phone_number_rules.h"
#include "service/phone_number_cache.h"
#include "store/store.h"
#include "upstream/whatsapp_upstream.h"

namespace wharf::service {

// A number record for what an (embedded or sandbox) signup connected.
domain::PhoneNumber MakeConnectedNumber(const upstream::SignupResult& s,
                                        domain::PhoneNumberKind kind,
                                        const std::optional<CustomerId>& customer,
                                        const std::string& name, Timestamp now);

// The whatsapp.phone_number.created / deleted event for a number.
domain::Event MakePhoneNumberEvent(const char* type, const ProjectId& project,
                                   const domain::PhoneNumber& n, Timestamp now);

// Connected numbers: connect an existing Meta number, list, read, change, delete, health.
// Access tokens are sealed with the SecretBox before they reach the store. Thread-safe.
class PhoneNumberService {
public:
    PhoneNumberService(store::Store& store, const SecretBox& box, const Clock& clock)
        : store_(store), box_(box), clock_(clock) {}

    // Told about every committed change to a number (Update, Delete). Set once, before serving.
    void SetNumberCache(PhoneNumberCache* numbers) { number_cache_ = numbers; }

    // POST /customers/{id}/whatsapp/phone_numbers; records whatsapp.phone_number.created.
    Result<domain::PhoneNumber> Connect(const ProjectId& project, const CustomerId& customer,
                                        const domain::PhoneNumberCreate& in);
    Result<domain::Page<domain::PhoneNumber>> List(const ProjectId& project,
                                                   const domain::PhoneNumberFilter& filter,
                                                   domain::PageRequest page);
    Result<domain::PhoneNumber> Get(const ProjectId& project, const PhoneNumberId& id);
    Result<std::vector<domain::PhoneNumber>> ListByBusinessAccount(const ProjectId& project,
                                                                   const BusinessAccountId& waba);
    Result<domain::PhoneNumber> Update(const ProjectId& project, const PhoneNumberId& id,
                                       const domain::PhoneNumberPatch& patch);
    // Deletes and records whatsapp.phone_number.deleted, in one transaction.
    Result<void> Delete(const ProjectId& project, const PhoneNumberId& id);
    Result<std::pair<domain::PhoneNumber, domain::PhoneNumberHealth>> Health(
        const ProjectId& project, const PhoneNumberId& id);

private:
    store::Store& store_;
    const SecretBox& box_;
    const Clock& clock_;
    PhoneNumberCache* number_cache_ = nullptr;
};

}  // namespace wharf::service
