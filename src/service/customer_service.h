#pragma once

#include <optional>
#include <string>

#include "base/clock.h"
#include "base/field.h"
#include "base/result.h"
#include "domain/customer/customer.h"
#include "domain/pagination/page.h"
#include "store/store.h"

namespace wharf::service {

struct CustomerCreate {
    std::optional<std::string> name;
    std::optional<std::string> external_customer_id;
};

struct CustomerPatch {
    Field<std::string> name;
    Field<std::string> external_customer_id;
};

// Customers of a project: validation, then the store. Thread-safe.
class CustomerService {
public:
    CustomerService(store::Store& store, const Clock& clock) : store_(store), clock_(clock) {}

    Result<domain::Customer> Create(const ProjectId& project, const CustomerCreate& in);
    Result<domain::Customer> Get(const ProjectId& project, const CustomerId& id);
    Result<domain::Page<domain::Customer>> List(const ProjectId& project,
                                                const domain::CustomerFilter& filter,
                                                domain::PageRequest page);
    Result<domain::Customer> Update(const ProjectId& project, const CustomerId& id,
                                    const CustomerPatch& patch);
    Result<void> Delete(const ProjectId& project, const CustomerId& id);

private:
    store::Store& store_;
    const Clock& clock_;
};

}  // namespace wharf::service
