#pragma once

#include "base/result.h"
#include "domain/customer/customer.h"
#include "domain/pagination/page.h"

namespace wharf::store {

// Customers of one project. Another project's ids are kNotFound.
class CustomerRepository {
public:
    virtual ~CustomerRepository() = default;
    virtual Result<void> Insert(const ProjectId& project, const domain::Customer& c) = 0;
    virtual Result<domain::Customer> Get(const ProjectId& project, const CustomerId& id) = 0;
    // Newest first (created_at desc, then id).
    virtual Result<domain::Page<domain::Customer>> List(const ProjectId& project,
                                                        const domain::CustomerFilter& filter,
                                                        domain::PageRequest page) = 0;
    // Writes name, external_customer_id and updated_at. kNotFound if absent.
    virtual Result<void> Update(const ProjectId& project, const domain::Customer& c) = 0;
    // Deletes the customer and its setup links; its phone numbers stay, detached (customer_id
    // becomes null) so that no message history is lost. kNotFound if absent.
    virtual Result<void> Delete(const ProjectId& project, const CustomerId& id) = 0;
};

}  // namespace wharf::store
