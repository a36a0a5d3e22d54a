#include "upstream/sandbox/sandbox_upstream.h"

#include "base/random.h"
#include "domain/phone_number/country.h"

namespace wharf::upstream {
namespace {

// A plausible number in the country: NANP numbers are 1 + area code + 7 digits, others the dial
// code followed by 9 digits.
std::string MakeNumber(const domain::Country& country, const std::optional<std::string>& area) {
    if (country.dial_code == "1") {
        return "1" + area.value_or("555") + RandomDigits(7);
    }
    return std::string(country.dial_code) + RandomDigits(9);
}

}  // namespace

Result<SignupResult> SandboxUpstream::CompleteEmbeddedSignup(const SignupRequest& request) {
    std::string iso = request.country_isos.empty() ? "US" : request.country_isos.front();
    const domain::Country* country = domain::FindCountry(iso);
    if (country == nullptr) {
        return Fail(Error::InvalidArgument("unknown country " + iso));
    }
    SignupResult r;
    r.business_account_id = RandomDigits(15);
    r.phone_number_id = RandomDigits(15);
    r.display_phone_number_normalized = MakeNumber(*country, request.area_code);
    r.display_phone_number =
        domain::FormatDisplayNumber(country->dial_code, r.display_phone_number_normalized);
    r.verified_name = request.customer_name;
    r.is_coexistence = request.connection_type == domain::ConnectionType::kCoexistence;
    r.access_token = "SANDBOX" + RandomToken(48);
    if (request.provision_phone_number) {
        domain::ProvisionedNumber p;
        p.id = NewUuid();
        p.phone_number = r.display_phone_number_normalized;
        p.status = "active";
        if (country->dial_code == "1") {
            p.area_code = r.display_phone_number_normalized.substr(1, 3);
        }
        p.country_iso = std::string(country->iso);
        p.country_dial_code = std::string(country->dial_code);
        p.display_number = r.display_phone_number;
        r.provisioned = std::move(p);
    }
    return r;
}

Result<SignupResult> SandboxUpstream::CreateTestNumber() {
    SignupRequest req;
    req.customer_name = "wharf Sandbox";
    req.country_isos = {"US"};
    return CompleteEmbeddedSignup(req);
}

}  // namespace wharf::upstream
