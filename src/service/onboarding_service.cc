#include "service/onboarding_service.h"

#include <algorithm>

#include "service/phone_number_service.h"

namespace wharf::service {

const char* InactiveLinkErrorCode(domain::SetupLinkStatus s) {
    switch (s) {
        case domain::SetupLinkStatus::kUsed:
            return "already_used";
        case domain::SetupLinkStatus::kExpired:
            return "link_expired";
        case domain::SetupLinkStatus::kRevoked:
            return "link_revoked";
        case domain::SetupLinkStatus::kActive:
            break;
    }
    return "";
}

Result<OnboardingView> OnboardingService::Open(std::string_view slug) {
    WHARF_ASSIGN_OR_RETURN(store::ScopedSetupLink s, store_.SetupLinks().FindBySlug(slug));
    WHARF_ASSIGN_OR_RETURN(domain::Customer c,
                           store_.Customers().Get(s.project_id, s.link.customer_id));
    s.link.status = domain::EffectiveStatus(s.link, clock_.Now());
    return OnboardingView{s.project_id, std::move(s.link), std::move(c)};
}

Result<OnboardingOutcome> OnboardingService::Complete(std::string_view slug,
                                                      std::string_view connection_type) {
    WHARF_ASSIGN_OR_RETURN(OnboardingView view, Open(slug));
    OnboardingOutcome out;
    out.link = view.link;
    if (view.link.status != domain::SetupLinkStatus::kActive) {
        out.error_code = InactiveLinkErrorCode(view.link.status);
        return out;
    }
    auto type = domain::ParseConnectionType(std::string(connection_type));
    const auto& allowed = view.link.allowed_connection_types;
    if (connection_type.empty() && allowed.size() == 1) {
        type = allowed.front();
    }
    if (!type || std::find(allowed.begin(), allowed.end(), *type) == allowed.end()) {
        return Fail(Error::InvalidArgument("choose one of the offered connection types")
                        .WithField("connection_type"));
    }
    const ProjectId& project = view.project_id;
    Timestamp now = clock_.Now();

    // Reconnect: the customer re-authorises an existing number; no new number, no created event.
    std::optional<domain::PhoneNumber> existing;
    if (view.link.reconnect_phone_number) {
        domain::PhoneNumberFilter f;
        f.customer_id = view.link.customer_id;
        WHARF_ASSIGN_OR_RETURN(auto numbers, store_.PhoneNumbers().List(project, f, {1, 100}));
        for (auto& n : numbers.items) {
            if (n.display_phone_number_normalized == view.link.reconnect_phone_number) {
                existing = n;
            }
        }
        if (!existing) {
            out.error_code = "phone_number_not_found";
            out.error_message = "the number to reconnect is no longer connected";
            return out;
        }
    }

    domain::PhoneNumber number;
    std::optional<domain::ProvisionedNumber> provisioned;
    if (existing) {
        number = *existing;
        number.status = "CONNECTED";
        number.updated_at = now;
    } else {
        upstream::SignupRequest req;
        req.customer_name = view.customer.name;
        req.connection_type = *type;
        req.provision_phone_number = view.link.provision_phone_number;
        req.country_isos = view.link.phone_number_country_isos;
        req.area_code = view.link.phone_number_area_code;
        auto signup = upstream_.CompleteEmbeddedSignup(req);
        if (!signup) {
            out.error_code = signup.error().code == ErrorCode::kUnimplemented
                                 ? "embedded_signup_unavailable"
                                 : "signup_failed";
            out.error_message = signup.error().message;
            return out;
        }
        provisioned = signup->provisioned;
        number = MakeConnectedNumber(*signup, domain::PhoneNumberKind::kProduction,
                                     view.link.customer_id, view.customer.name, now);
        // The customer's own number (kind production), with the token the signup produced,
        // sealed like any other access token. In sandbox mode the token is simulated.
        number.sealed_access_token =
            box_.Seal(signup->access_token, domain::AccessTokenContext(number.internal_id));
        number.webhook_verified_at = now;
    }

    domain::SetupLink used = view.link;
    used.status = domain::SetupLinkStatus::kUsed;
    used.whatsapp_setup_status = domain::SetupStatus::kCompleted;
    used.whatsapp_setup_error.reset();
    used.provisioned_phone_number = provisioned;
    used.phone_number_id = number.phone_number_id;
    used.updated_at = now;

    std::string lost_race;
    WHARF_TRY(store_.Transact([&](store::Store& tx) -> Result<void> {
        WHARF_ASSIGN_OR_RETURN(store::ScopedSetupLink again, tx.SetupLinks().FindBySlug(slug));
        auto status = domain::EffectiveStatus(again.link, now);
        if (status != domain::SetupLinkStatus::kActive) {
            lost_race = InactiveLinkErrorCode(status);
            return {};
        }
        if (existing) {
            WHARF_TRY(tx.PhoneNumbers().Update(project, number));
        } else {
            WHARF_TRY(tx.PhoneNumbers().Insert(project, number));
            WHARF_TRY(tx.Events().Insert(
                project,
                MakePhoneNumberEvent(domain::kEventPhoneNumberCreated, project, number, now)));
        }
        return tx.SetupLinks().Update(project, used);
    }));
    if (existing && lost_race.empty() && number_cache_ != nullptr) {
        number_cache_->Forget(project);
    }
    if (!lost_race.empty()) {
        out.error_code = lost_race;
        return out;
    }
    out.success = true;
    out.link = std::move(used);
    out.number = std::move(number);
    return out;
}

}  // namespace wharf::service
