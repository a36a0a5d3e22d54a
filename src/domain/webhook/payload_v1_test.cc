#include "domain/webhook/payload_v1.h"

#include <gtest/gtest.h>

namespace wharf::domain {
namespace {

namespace bj = boost::json;

TEST(PayloadV1Test, MovesTheNumberIntoAWhatsappConfig) {
    bj::object v2{{"message", bj::object{{"id", "wamid.1"}}},
                  {"conversation", bj::object{{"id", "c1"}}},
                  {"is_new_conversation", true},
                  {"phone_number_id", "123"}};
    WhatsappConfigRef ref{"uuid-1", "123", "+1 555", "Support", "waba-1"};
    bj::object v1 = ToV1Payload(v2, ref);
    EXPECT_FALSE(v1.contains("phone_number_id"));
    EXPECT_EQ(v1.at("message"), v2.at("message"));
    EXPECT_EQ(v1.at("is_new_conversation"), v2.at("is_new_conversation"));
    EXPECT_EQ(v1.at("conversation").at("whatsapp_config_id").as_string(), "uuid-1");
    const auto& cfg = v1.at("whatsapp_config").as_object();
    EXPECT_EQ(cfg.at("id").as_string(), "uuid-1");
    EXPECT_EQ(cfg.at("phone_number_id").as_string(), "123");
    EXPECT_EQ(cfg.at("display_phone_number").as_string(), "+1 555");
    EXPECT_EQ(cfg.at("name").as_string(), "Support");
    EXPECT_EQ(cfg.at("business_account_id").as_string(), "waba-1");
}

TEST(PayloadV1Test, UnknownDetailsAreNull) {
    bj::object v1 = ToV1Payload(bj::object{{"conversation", 5}}, WhatsappConfigRef{"", "9"});
    EXPECT_TRUE(v1.at("whatsapp_config").at("name").is_null());
    EXPECT_EQ(v1.at("conversation").as_int64(), 5);  // not an object: left alone
}

}  // namespace
}  // namespace wharf::domain
