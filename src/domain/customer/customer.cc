#include "domain/customer/customer.h"

namespace wharf::domain {

Result<std::string> ValidateCustomerName(const std::string& name) {
    size_t b = name.find_first_not_of(" \t\r\n");
    if (b == std::string::npos) {
        return Fail(Error::InvalidArgument("name can't be blank").WithField("customer.name"));
    }
    size_t e = name.find_last_not_of(" \t\r\n");
    std::string trimmed = name.substr(b, e - b + 1);
    if (trimmed.size() > kMaxCustomerNameLength) {
        return Fail(Error::InvalidArgument("name is too long (maximum is 255 characters)")
                        .WithField("customer.name"));
    }
    return trimmed;
}

Result<void> ValidateExternalCustomerId(const std::optional<std::string>& id) {
    if (id && id->size() > kMaxExternalCustomerIdLength) {
        return Fail(
            Error::InvalidArgument("external_customer_id is too long (maximum is 255 characters)")
                .WithField("customer.external_customer_id"));
    }
    return {};
}

}  // namespace wharf::domain
