#include "service/customer_service.h"

#include "base/random.h"

namespace wharf::service {

Result<domain::Customer> CustomerService::Create(const ProjectId& project,
                                                 const CustomerCreate& in) {
    if (!in.name) {
        return Fail(Error::InvalidArgument("name can't be blank").WithField("customer.name"));
    }
    WHARF_ASSIGN_OR_RETURN(std::string name, domain::ValidateCustomerName(*in.name));
    WHARF_TRY(domain::ValidateExternalCustomerId(in.external_customer_id));
    domain::Customer c;
    c.id = CustomerId(NewUuid());
    c.name = std::move(name);
    c.external_customer_id = in.external_customer_id;
    c.created_at = c.updated_at = clock_.Now();
    WHARF_TRY(store_.Customers().Insert(project, c));
    return c;
}

Result<domain::Customer> CustomerService::Get(const ProjectId& project, const CustomerId& id) {
    return store_.Customers().Get(project, id);
}

Result<domain::Page<domain::Customer>> CustomerService::List(const ProjectId& project,
                                                             const domain::CustomerFilter& filter,
                                                             domain::PageRequest page) {
    return store_.Customers().List(project, filter, page);
}

Result<domain::Customer> CustomerService::Update(const ProjectId& project, const CustomerId& id,
                                                 const CustomerPatch& patch) {
    WHARF_ASSIGN_OR_RETURN(domain::Customer c, store_.Customers().Get(project, id));
    if (patch.name.is_null()) {
        return Fail(Error::InvalidArgument("name can't be blank").WithField("customer.name"));
    }
    if (patch.name.has_value()) {
        WHARF_ASSIGN_OR_RETURN(c.name, domain::ValidateCustomerName(patch.name.value));
    }
    if (patch.external_customer_id.present()) {
        c.external_customer_id = patch.external_customer_id.AsOptional();
        WHARF_TRY(domain::ValidateExternalCustomerId(c.external_customer_id));
    }
    c.updated_at = clock_.Now();
    WHARF_TRY(store_.Customers().Update(project, c));
    return c;
}

Result<void> CustomerService::Delete(const ProjectId& project, const CustomerId& id) {
    return store_.Customers().Delete(project, id);
}

}  // namespace wharf::service
