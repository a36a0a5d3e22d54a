#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "base/clock.h"
#include "base/result.h"
#include "base/secret_box.h"
#include "domain/customer/customer.h"
#include "domain/phone_number/phone_number.h"
#include "domain/setup_link/setup_link.h"
#include "service/phone_number_cache.h"
#include "store/store.h"
#include "upstream/whatsapp_upstream.h"

namespace wharf::service {

// What the public setup page shows.
struct OnboardingView {
    ProjectId project_id;
    domain::SetupLink link;  // with its effective status
    domain::Customer customer;
};

// How a completion attempt ended. On failure `error_code` is one of Kapso's redirect codes
// (link_expired, already_used, link_revoked, embedded_signup_unavailable, signup_failed).
struct OnboardingOutcome {
    bool success = false;
    std::string error_code;
    std::string error_message;
    domain::SetupLink link;
    std::optional<domain::PhoneNumber> number;
};

// The customer-facing half of setup links: open the page by the URL's slug, complete the
// (sandbox) embedded signup. Completion creates the number, marks the link used and records
// whatsapp.phone_number.created in one transaction that re-checks the link, so a link completes
// at most once even under concurrent submits. Thread-safe.
class OnboardingService {
public:
    OnboardingService(store::Store& store, upstream::WhatsAppUpstream& upstream,
                      const SecretBox& box, const Clock& clock)
        : store_(store), upstream_(upstream), box_(box), clock_(clock) {}

    // Told when a signup changes a number that exists already. Set once, before serving.
    void SetNumberCache(PhoneNumberCache* numbers) { number_cache_ = numbers; }

    // kNotFound for an unknown slug.
    Result<OnboardingView> Open(std::string_view slug);
    // kNotFound for an unknown slug; kInvalidArgument for a connection type the link does not
    // offer; other failures are outcomes (the page redirects or shows them).
    Result<OnboardingOutcome> Complete(std::string_view slug, std::string_view connection_type);

private:
    store::Store& store_;
    upstream::WhatsAppUpstream& upstream_;
    const SecretBox& box_;
    const Clock& clock_;
    PhoneNumberCache* number_cache_ = nullptr;
};

// The redirect error code for a link that is no longer active.
const char* InactiveLinkErrorCode(domain::SetupLinkStatus s);

}  // namespace wharf::service
