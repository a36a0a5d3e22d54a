#include "service/phone_number_service.h"

#include <boost/json.hpp>

#include "base/random.h"

namespace wharf::service {

domain::PhoneNumber MakeConnectedNumber(const upstream::SignupResult& s,
                                        domain::PhoneNumberKind kind,
                                        const std::optional<CustomerId>& customer,
                                        const std::string& name, Timestamp now) {
    domain::PhoneNumber n;
    n.internal_id = PhoneConfigId(NewUuid());
    n.phone_number_id = PhoneNumberId(s.phone_number_id);
    n.business_account_id = BusinessAccountId(s.business_account_id);
    n.customer_id = customer;
    n.name = name;
    n.kind = kind;
    n.is_coexistence = s.is_coexistence;
    n.display_name = s.verified_name;
    n.display_phone_number = s.display_phone_number;
    n.display_phone_number_normalized = s.display_phone_number_normalized;
    n.verified_name = s.verified_name;
    n.quality_rating = "GREEN";
    n.code_verification_status = "VERIFIED";
    n.name_status = "APPROVED";
    n.status = "CONNECTED";
    n.throughput_tier = s.is_coexistence ? "TIER_COEXISTENCE" : "TIER_1K";
    n.messaging_limit = "TIER_1K";
    n.is_pin_enabled = true;
    if (kind == domain::PhoneNumberKind::kSandbox) {
        n.webhook_verified_at = now;
    }
    n.created_at = n.updated_at = now;
    return n;
}

domain::Event MakePhoneNumberEvent(const char* type, const ProjectId& project,
                                   const domain::PhoneNumber& n, Timestamp now) {
    boost::json::object payload;
    payload["phone_number_id"] = n.phone_number_id.value();
    payload["project"] = boost::json::object{{"id", project.value()}};
    payload["customer"] =
        n.customer_id ? boost::json::value(boost::json::object{{"id", n.customer_id->value()}})
                      : boost::json::value(nullptr);
    domain::Event e;
    e.id = EventId(NewUuid());
    e.type = type;
    e.phone_number_id = n.phone_number_id;
    e.customer_id = n.customer_id;
    e.payload = boost::json::serialize(payload);
    e.created_at = now;
    return e;
}

Result<domain::PhoneNumber> PhoneNumberService::Connect(const ProjectId& project,
                                                        const CustomerId& customer,
                                                        const domain::PhoneNumberCreate& in) {
    WHARF_TRY(store_.Customers().Get(project, customer));
    WHARF_TRY(domain::ValidatePhoneNumberCreate(in));
    Timestamp now = clock_.Now();
    domain::PhoneNumber n;
    n.internal_id = PhoneConfigId(NewUuid());
    n.phone_number_id = PhoneNumberId(*in.phone_number_id);
    n.business_account_id = BusinessAccountId(*in.business_account_id);
    n.customer_id = customer;
    n.name = *in.name;
    n.kind = domain::ParsePhoneNumberKind(in.kind.value_or("production")).value();
    n.inbound_processing_enabled = in.inbound_processing_enabled.value_or(true);
    n.calls_enabled = in.calls_enabled.value_or(false);
    n.display_name = n.name;
    n.status = "CONNECTED";
    n.sealed_access_token = box_.Seal(*in.access_token, domain::AccessTokenContext(n.internal_id));
    if (in.webhook_verify_token) {
        n.sealed_webhook_verify_token =
            box_.Seal(*in.webhook_verify_token, domain::VerifyTokenContext(n.internal_id));
    }
    n.webhook_destination_url = in.webhook_destination_url;
    n.created_at = n.updated_at = now;
    domain::Event e = MakePhoneNumberEvent(domain::kEventPhoneNumberCreated, project, n, now);
    WHARF_TRY(store_.Transact([&](store::Store& tx) -> Result<void> {
        auto inserted = tx.PhoneNumbers().Insert(project, n);
        if (!inserted) {
            if (inserted.error().code == ErrorCode::kAlreadyExists) {
                return Fail(Error::AlreadyExists("phone_number_id " + n.phone_number_id.value() +
                                                 " is already connected")
                                .WithField("whatsapp_phone_number.phone_number_id"));
            }
            return inserted;
        }
        return tx.Events().Insert(project, e);
    }));
    return n;
}

Result<domain::Page<domain::PhoneNumber>> PhoneNumberService::List(
    const ProjectId& project, const domain::PhoneNumberFilter& filter, domain::PageRequest page) {
    return store_.PhoneNumbers().List(project, filter, page);
}

Result<domain::PhoneNumber> PhoneNumberService::Get(const ProjectId& project,
                                                    const PhoneNumberId& id) {
    return store_.PhoneNumbers().Get(project, id);
}

Result<std::vector<domain::PhoneNumber>> PhoneNumberService::ListByBusinessAccount(
    const ProjectId& project, const BusinessAccountId& waba) {
    return store_.PhoneNumbers().ListByBusinessAccount(project, waba);
}

Result<domain::PhoneNumber> PhoneNumberService::Update(const ProjectId& project,
                                                       const PhoneNumberId& id,
                                                       const domain::PhoneNumberPatch& p) {
    WHARF_ASSIGN_OR_RETURN(domain::PhoneNumber n, store_.PhoneNumbers().Get(project, id));
    WHARF_TRY(domain::ValidatePhoneNumberPatch(p));
    if (p.name.has_value()) {
        n.name = p.name.value;
    }
    if (p.kind.has_value()) {
        n.kind = *domain::ParsePhoneNumberKind(p.kind.value);
    }
    if (p.phone_number_id.has_value()) {
        n.phone_number_id = PhoneNumberId(p.phone_number_id.value);
    }
    if (p.business_account_id.has_value()) {
        n.business_account_id = BusinessAccountId(p.business_account_id.value);
    }
    if (p.access_token.has_value()) {
        n.sealed_access_token =
            box_.Seal(p.access_token.value, domain::AccessTokenContext(n.internal_id));
    }
    if (p.webhook_verify_token.present()) {
        n.sealed_webhook_verify_token =
            p.webhook_verify_token.has_value()
                ? std::optional(box_.Seal(p.webhook_verify_token.value,
                                          domain::VerifyTokenContext(n.internal_id)))
                : std::nullopt;
    }
    if (p.webhook_destination_url.present()) {
        n.webhook_destination_url = p.webhook_destination_url.AsOptional();
    }
    if (p.inbound_processing_enabled.has_value()) {
        n.inbound_processing_enabled = p.inbound_processing_enabled.value;
    }
    if (p.calls_enabled.has_value()) {
        n.calls_enabled = p.calls_enabled.value;
    }
    if (n.kind == domain::PhoneNumberKind::kProduction && !n.sealed_access_token) {
        return Fail(Error::InvalidArgument("a production number needs an access_token")
                        .WithField("whatsapp_phone_number.access_token"));
    }
    n.updated_at = clock_.Now();
    auto updated = store_.PhoneNumbers().Update(project, n);
    if (!updated && updated.error().code == ErrorCode::kAlreadyExists) {
        return Fail(Error::AlreadyExists("phone_number_id " + n.phone_number_id.value() +
                                         " is already connected"));
    }
    WHARF_TRY(std::move(updated));
    if (number_cache_ != nullptr) {
        number_cache_->Forget(project);
    }
    return n;
}

Result<void> PhoneNumberService::Delete(const ProjectId& project, const PhoneNumberId& id) {
    WHARF_TRY(store_.Transact([&](store::Store& tx) -> Result<void> {
        WHARF_ASSIGN_OR_RETURN(domain::PhoneNumber n, tx.PhoneNumbers().Get(project, id));
        WHARF_TRY(tx.PhoneNumbers().Delete(project, id));
        return tx.Events().Insert(project, MakePhoneNumberEvent(domain::kEventPhoneNumberDeleted,
                                                                project, n, clock_.Now()));
    }));
    if (number_cache_ != nullptr) {
        number_cache_->Forget(project);
    }
    return {};
}

Result<std::pair<domain::PhoneNumber, domain::PhoneNumberHealth>> PhoneNumberService::Health(
    const ProjectId& project, const PhoneNumberId& id) {
    WHARF_ASSIGN_OR_RETURN(domain::PhoneNumber n, store_.PhoneNumbers().Get(project, id));
    domain::PhoneNumberHealth h = domain::AssessHealth(n);
    return std::pair{std::move(n), h};
}

}  // namespace wharf::service
