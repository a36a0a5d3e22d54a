#include "domain/webhook/payload_v1.h"

namespace wharf::domain {
namespace {
boost::json::value OrNull(const std::optional<std::string>& s) {
    return s ? boost::json::value(*s) : boost::json::value(nullptr);
}
}  // namespace

boost::json::object ToV1Payload(const boost::json::object& v2, const WhatsappConfigRef& config) {
    boost::json::object v1 = v2;
    v1.erase("phone_number_id");
    if (auto* conv = v1.if_contains("conversation"); conv != nullptr && conv->is_object()) {
        conv->as_object()["whatsapp_config_id"] = config.id;
    }
    v1["whatsapp_config"] =
        boost::json::object{{"id", config.id},
                            {"name", OrNull(config.name)},
                            {"phone_number_id", config.phone_number_id},
                            {"display_phone_number", OrNull(config.display_phone_number)},
                            {"business_account_id", OrNull(config.business_account_id)}};
    return v1;
}

}  // namespace wharf::domain
