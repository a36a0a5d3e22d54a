#include "domain/message/message_validator.h"

#include <gtest/gtest.h>

#include "domain/message/testing/send_request_testing.h"

namespace wharf::domain {
namespace {

using testing::ExpectMessage;
using testing::ExpectSendError;
using testing::Json;
using testing::JsonString;
using testing::With;
using testing::Without;

// spec/assets/send-*.json, verbatim.
constexpr const char* kAssetInteractiveButtons = R"json({
  "messaging_product": "whatsapp",
  "to": "15551234567",
  "type": "interactive",
  "interactive": {
    "type": "button",
    "body": { "text": "Choose an option:" },
    "action": {
      "buttons": [
        { "type": "reply", "reply": { "id": "accept", "title": "Accept" } },
        { "type": "reply", "reply": { "id": "decline", "title": "Decline" } }
      ]
    }
  }
})json";

constexpr const char* kAssetInteractiveCatalogMessage = R"json({
  "messaging_product": "whatsapp",
  "to": "15551234567",
  "type": "interactive",
  "interactive": {
    "type": "catalog_message",
    "body": { "text": "Browse our catalog on WhatsApp." },
    "action": {
      "name": "catalog_message",
      "parameters": { "thumbnail_product_retailer_id": "SKU_THUMBNAIL" }
    }
  }
})json";

constexpr const char* kAssetInteractiveCtaUrl = R"json({
  "messaging_product": "whatsapp",
  "to": "15551234567",
  "type": "interactive",
  "interactive": {
    "type": "cta_url",
    "body": { "text": "Track your order:" },
    "action": {
      "name": "cta_url",
      "parameters": {
        "display_text": "Track order",
        "url": "https://example.com/orders/ORDER-123"
      }
    }
  }
})json";

constexpr const char* kAssetInteractiveList = R"json({
  "messaging_product": "whatsapp",
  "to": "15551234567",
  "type": "interactive",
  "interactive": {
    "type": "list",
    "body": { "text": "Choose your preferred delivery option:" },
    "action": {
      "button": "View options",
      "sections": [
        {
          "title": "Delivery",
          "rows": [
            { "id": "standard", "title": "Standard", "description": "3-5 business days" },
            { "id": "express", "title": "Express", "description": "1-2 business days" }
          ]
        }
      ]
    }
  }
})json";

constexpr const char* kAssetInteractiveLocationRequest = R"json({
  "messaging_product": "whatsapp",
  "to": "15551234567",
  "type": "interactive",
  "interactive": {
    "type": "location_request_message",
    "body": { "text": "Please share your location." },
    "action": { "name": "send_location" }
  }
})json";

constexpr const char* kAssetTemplateOrderStatusUpdate = R"json({
  "messaging_product": "whatsapp",
  "to": "15551234567",
  "type": "template",
  "template": {
    "name": "order_status_update",
    "language": { "code": "en_US" },
    "components": [
      {
        "type": "header",
        "parameters": [
          { "type": "text", "parameter_name": "order_id", "text": "ORDER-123" }
        ]
      },
      {
        "type": "body",
        "parameters": [
          { "type": "text", "parameter_name": "customer_name", "text": "Alex" },
          { "type": "text", "parameter_name": "status", "text": "shipped" },
          { "type": "text", "parameter_name": "details", "text": "Expected delivery: Jan 25" }
        ]
      },
      {
        "type": "button",
        "sub_type": "url",
        "index": "0",
        "parameters": [{ "type": "text", "text": "ORDER-123" }]
      }
    ]
  }
})json";

TEST(MessageValidator, AcceptsEverySpecAsset) {
    struct Asset {
        const char* json;
        MessageType type;
        std::optional<InteractiveType> interactive;
    };
    const Asset assets[] = {
        {kAssetInteractiveButtons, MessageType::kInteractive, InteractiveType::kButton},
        {kAssetInteractiveCatalogMessage, MessageType::kInteractive,
         InteractiveType::kCatalogMessage},
        {kAssetInteractiveCtaUrl, MessageType::kInteractive, InteractiveType::kCtaUrl},
        {kAssetInteractiveList, MessageType::kInteractive, InteractiveType::kList},
        {kAssetInteractiveLocationRequest, MessageType::kInteractive,
         InteractiveType::kLocationRequestMessage},
        {kAssetTemplateOrderStatusUpdate, MessageType::kTemplate, std::nullopt},
    };
    for (const auto& asset : assets) {
        boost::json::value body = Json(asset.json);
        OutboundMessage m = ExpectMessage(body);
        EXPECT_EQ(m.type, asset.type);
        EXPECT_EQ(m.interactive_type, asset.interactive);
        EXPECT_EQ(m.to_input, "15551234567");
        EXPECT_EQ(m.to_wa_id, "15551234567");
        EXPECT_EQ(m.recipient_type, "individual");
        EXPECT_EQ(boost::json::value(m.payload), body.at(MessageTypeName(asset.type)));
    }
}

// The non-interactive examples of the sendMessage operation in spec/openapi-whatsapp.yaml.
TEST(MessageValidator, AcceptsTheSpecExamples) {
    const char* examples[] = {
        R"({"messaging_product":"whatsapp","recipient_type":"individual","to":"15551234567",
            "type":"text","text":{"body":"Hello! Your order #12345 has been shipped."}})",
        R"({"messaging_product":"whatsapp","to":"15551234567","type":"image",
            "image":{"link":"https://example.com/product.jpg","caption":"Check out our new product!"}})",
        R"({"messaging_product":"whatsapp","to":"15551234567","type":"audio",
            "audio":{"id":"1013859600285441","voice":true}})",
        R"({"messaging_product":"whatsapp","to":"15551234567","type":"audio",
            "audio":{"link":"https://example.com/ringtone.mp3"}})",
        R"({"messaging_product":"whatsapp","to":"15551234567","type":"document",
            "document":{"id":"1376223850470843","filename":"invoice_2024.pdf",
                        "caption":"Your invoice for January 2024"}})",
        R"({"messaging_product":"whatsapp","to":"15551234567","type":"video",
            "video":{"id":"1166846181421424","caption":"Product demonstration video"}})",
        R"({"messaging_product":"whatsapp","to":"15551234567","type":"sticker",
            "sticker":{"id":"798882015472548"}})",
        R"({"messaging_product":"whatsapp","to":"15551234567","type":"location",
            "location":{"latitude":"37.7749","longitude":"-122.4194","name":"San Francisco Office",
                        "address":"123 Market St, San Francisco, CA 94103"}})",
        R"({"messaging_product":"whatsapp","to":"15551234567","type":"reaction",
            "reaction":{"message_id":"wamid.HBgNMTU1NTE0OTU5Nzg1FQIAERgSMDhGRjdBMDEyOTcxQzFFQkFBAA==",
                        "emoji":"👍"}})",
        R"({"messaging_product":"whatsapp","to":"15551234567","type":"text",
            "context":{"message_id":"wamid.HBgNMTU1NTE0OTU5Nzg1FQIAERgSMDhGRjdBMDEyOTcxQzFFQkFBAA=="},
            "text":{"body":"Thank you for your message! I'll get back to you soon."}})",
        R"({"messaging_product":"whatsapp","to":"15551234567","type":"contacts","contacts":[{
            "addresses":[{"street":"1 Lucky Shrub Way","city":"Menlo Park","state":"CA",
                          "zip":"94025","country":"United States","country_code":"US",
                          "type":"Office"}],
            "birthday":"1999-01-23",
            "emails":[{"email":"bjohnson@luckyshrub.com","type":"Work"}],
            "name":{"formatted_name":"Barbara J. Johnson","first_name":"Barbara",
                    "last_name":"Johnson","middle_name":"Joana","suffix":"Esq.","prefix":"Dr."},
            "org":{"company":"Lucky Shrub","department":"Legal","title":"Lead Counsel"},
            "phones":[{"phone":"+16505559999","type":"Landline"},
                      {"phone":"+19175559999","type":"Mobile","wa_id":"19175559999"}],
            "urls":[{"url":"https://www.luckyshrub.com","type":"Company"}]}]})",
    };
    for (const char* example : examples) {
        ExpectMessage(example);
    }
}

TEST(MessageValidator, FillsTheOutboundMessage) {
    OutboundMessage m = ExpectMessage(R"({
        "messaging_product": "whatsapp", "to": "+1 (650) 555-1234", "type": "text",
        "text": {"body": "hi", "preview_url": true},
        "context": {"message_id": "wamid.ABC"}, "biz_opaque_callback_data": "tracking-1"})");
    EXPECT_EQ(m.to_input, "+1 (650) 555-1234");
    EXPECT_EQ(m.to_wa_id, "16505551234");
    EXPECT_EQ(m.recipient_type, "individual");
    EXPECT_EQ(m.type, MessageType::kText);
    EXPECT_FALSE(m.interactive_type);
    EXPECT_EQ(boost::json::value(m.payload), Json(R"({"body":"hi","preview_url":true})"));
    EXPECT_EQ(m.context_message_id, "wamid.ABC");
    EXPECT_EQ(m.biz_opaque_callback_data, "tracking-1");
}

TEST(MessageValidator, ContactsPayloadWrapsTheArray) {
    OutboundMessage m = ExpectMessage(R"({"messaging_product":"whatsapp","to":"15551234567",
        "type":"contacts","contacts":[{"name":{"formatted_name":"Ana"}}]})");
    EXPECT_EQ(boost::json::value(m.payload),
              Json(R"({"contacts":[{"name":{"formatted_name":"Ana"}}]})"));
}

TEST(MessageValidator, GroupRecipientsKeepTheGroupId) {
    OutboundMessage m = ExpectMessage(R"({"messaging_product":"whatsapp",
        "recipient_type":"group","to":"Y2FwaV9ncm91cDoxNzA1NTU1MDEzOToxMjAzNjM0MDQ2OTQyMzM4MjAZD",
        "type":"text","text":{"body":"hello group"}})");
    EXPECT_EQ(m.recipient_type, "group");
    EXPECT_EQ(m.to_wa_id, "Y2FwaV9ncm91cDoxNzA1NTU1MDEzOToxMjAzNjM0MDQ2OTQyMzM4MjAZD");
}

TEST(MessageValidator, NormalizesRecipientPhones) {
    EXPECT_EQ(NormalizeRecipientPhone("+1 (650) 555-1234"), "16505551234");
    EXPECT_EQ(NormalizeRecipientPhone("5511999999999"), "5511999999999");
    EXPECT_EQ(NormalizeRecipientPhone("1234567"), "1234567");
    EXPECT_EQ(NormalizeRecipientPhone("123456789012345"), "123456789012345");
    EXPECT_FALSE(NormalizeRecipientPhone("123456"));
    EXPECT_FALSE(NormalizeRecipientPhone("1234567890123456"));
    EXPECT_FALSE(NormalizeRecipientPhone("1555abc1234"));
    EXPECT_FALSE(NormalizeRecipientPhone("1555+1234567"));
    EXPECT_FALSE(NormalizeRecipientPhone("++15551234567"));
    EXPECT_FALSE(NormalizeRecipientPhone(""));
}

TEST(MessageValidator, MarkAsRead) {
    auto r = ValidateSendRequest(Json(R"({"messaging_product":"whatsapp","status":"read",
        "message_id":"wamid.HBgNMTU1NTE0OTU5Nzg1FQIAERgSMDhGRjdBMDEyOTcxQzFFQkFBAA==",
        "typing_indicator":{"type":"text"}})"));
    ASSERT_TRUE(r);
    ASSERT_TRUE(std::holds_alternative<ReadReceipt>(*r));
    EXPECT_EQ(std::get<ReadReceipt>(*r).message_id,
              "wamid.HBgNMTU1NTE0OTU5Nzg1FQIAERgSMDhGRjdBMDEyOTcxQzFFQkFBAA==");
    EXPECT_TRUE(std::get<ReadReceipt>(*r).typing_indicator);

    auto plain = ValidateSendRequest(
        Json(R"({"messaging_product":"whatsapp","status":"read","message_id":"wamid.A"})"));
    ASSERT_TRUE(plain);
    EXPECT_FALSE(std::get<ReadReceipt>(*plain).typing_indicator);
}

TEST(MessageValidator, MarkAsReadRules) {
    auto read = Json(R"({"messaging_product":"whatsapp","status":"read","message_id":"wamid.A",
                         "typing_indicator":{"type":"text"}})");
    ExpectSendError(With(read, "status", R"("delivered")"), 131009, "status");
    ExpectSendError(Without(read, "message_id"), 131008, "message_id");
    ExpectSendError(With(read, "message_id", "7"), 100, "message_id");
    ExpectSendError(With(read, "typing_indicator.type", R"("audio")"), 131009,
                    "typing_indicator.type");
    ExpectSendError(Without(read, "typing_indicator.type"), 131008, "typing_indicator.type");
    ExpectSendError(With(read, "typing_indicator", "true"), 100, "typing_indicator");
    ExpectSendError(Without(read, "messaging_product"), 131008, "messaging_product");
}

TEST(MessageValidator, BodyMustBeAnObject) {
    for (const char* body : {"[]", "\"text\"", "null", "42"}) {
        auto r = ValidateSendRequest(Json(body));
        ASSERT_FALSE(r) << body;
        ASSERT_TRUE(r.error().graph);
        EXPECT_EQ(r.error().graph->code, 100);
        EXPECT_FALSE(r.error().field);
    }
}

const boost::json::value& Text() {
    static const boost::json::value kText = Json(
        R"({"messaging_product":"whatsapp","to":"15551234567","type":"text","text":{"body":"hi"}})");
    return kText;
}

TEST(MessageValidator, EnvelopeRules) {
    const auto& t = Text();
    ExpectSendError(Without(t, "messaging_product"), 131008, "messaging_product");
    ExpectSendError(With(t, "messaging_product", R"("sms")"), 131009, "messaging_product");
    ExpectSendError(With(t, "messaging_product", "1"), 100, "messaging_product");
    ExpectSendError(Without(t, "to"), 131008, "to");
    ExpectSendError(With(t, "to", "null"), 131008, "to");
    ExpectSendError(With(t, "to", "15551234567"), 100, "to");
    ExpectSendError(With(t, "to", R"("")"), 131009, "to");
    ExpectSendError(With(t, "to", R"("call-me-maybe")"), 131009, "to");
    ExpectSendError(With(t, "to", R"("123456")"), 131009, "to");
    ExpectSendError(With(t, "to", R"("1234567890123456")"), 131009, "to");
    ExpectSendError(With(Without(t, "to"), "recipient", R"("US.13491208655302741918")"), 131008,
                    "to");
    ExpectSendError(With(t, "recipient_type", R"("broadcast")"), 131009, "recipient_type");
    ExpectSendError(With(t, "recipient_type", "true"), 100, "recipient_type");
    ExpectSendError(With(With(t, "recipient_type", R"("group")"), "to", R"("a group")"), 131009,
                    "to");
    ExpectSendError(Without(t, "type"), 131008, "type");
    ExpectSendError(With(t, "type", R"("poll")"), 131051, "type");
    ExpectSendError(With(t, "type", R"("TEXT")"), 131051, "type");
    ExpectSendError(With(t, "type", "5"), 100, "type");
    ExpectSendError(With(t, "context", R"("wamid.A")"), 100, "context");
    ExpectSendError(With(t, "context", "{}"), 131008, "context.message_id");
    ExpectSendError(With(t, "context.message_id", "12"), 100, "context.message_id");
    ExpectSendError(With(t, "biz_opaque_callback_data", JsonString("x", 513)), 131009,
                    "biz_opaque_callback_data");
    ExpectSendError(With(t, "biz_opaque_callback_data", "{}"), 100, "biz_opaque_callback_data");
    ExpectMessage(With(t, "biz_opaque_callback_data", JsonString("x", 512)));
    ExpectMessage(With(t, "recipient_type", R"("individual")"));
}

TEST(MessageValidator, TheTypeObjectIsRequired) {
    for (const char* type : {"text", "image", "video", "audio", "document", "sticker", "location",
                             "contacts", "reaction", "template", "interactive"}) {
        auto body = Json(std::string(R"({"messaging_product":"whatsapp","to":"15551234567",
                                        "type":")") +
                         type + "\"}");
        ExpectSendError(body, 131008, type);
    }
    ExpectSendError(With(Text(), "text", R"("hi")"), 100, "text");
    // The object of another type does not stand in for the one named by `type`.
    ExpectSendError(Without(With(Text(), "image", R"({"id":"1"})"), "text"), 131008, "text");
}

TEST(MessageValidator, TextRules) {
    const auto& t = Text();
    ExpectSendError(Without(t, "text.body"), 131008, "text.body");
    ExpectSendError(With(t, "text.body", R"("")"), 131009, "text.body");
    ExpectSendError(With(t, "text.body", "[]"), 100, "text.body");
    ExpectSendError(With(t, "text.body", JsonString("a", 4097)), 131009, "text.body");
    ExpectMessage(With(t, "text.body", JsonString("a", 4096)));
    // Limits count characters, not bytes.
    ExpectMessage(With(t, "text.body", JsonString("é", 4096)));
    ExpectSendError(With(t, "text.body", JsonString("é", 4097)), 131009, "text.body");
    ExpectSendError(With(t, "text.preview_url", R"("yes")"), 100, "text.preview_url");
    ExpectMessage(With(t, "text.preview_url", "false"));
}

boost::json::value Media(const char* type, const char* object) {
    return Json(std::string(R"({"messaging_product":"whatsapp","to":"15551234567","type":")") +
                type + R"(",")" + type + "\":" + object + "}");
}

TEST(MessageValidator, MediaRules) {
    for (const char* type : {"image", "video", "audio", "document", "sticker"}) {
        std::string t(type);
        ExpectMessage(Media(type, R"({"id":"1166846181421424"})"));
        ExpectMessage(Media(type, R"({"link":"https://example.com/f?x=1"})"));
        ExpectSendError(Media(type, "{}"), 131008, t);
        ExpectSendError(Media(type, R"({"id":"1","link":"https://example.com/a"})"), 131009, t);
        ExpectSendError(Media(type, R"({"link":"ftp://example.com/a.jpg"})"), 131009, t + ".link");
        ExpectSendError(Media(type, R"({"link":"https://"})"), 131009, t + ".link");
        ExpectSendError(Media(type, R"({"link":"https://exa mple.com/a.jpg"})"), 131009,
                        t + ".link");
        ExpectSendError(Media(type, R"({"id":""})"), 131009, t + ".id");
        ExpectSendError(Media(type, R"({"id":12})"), 100, t + ".id");
        ExpectSendError(Media(type, R"("https://example.com/a.jpg")"), 100, t);
    }
    for (const char* type : {"image", "video", "document"}) {
        std::string t(type);
        ExpectMessage(
            Media(type, (R"({"id":"1","caption":)" + JsonString("c", 1024) + "}").c_str()));
        ExpectSendError(
            Media(type, (R"({"id":"1","caption":)" + JsonString("c", 1025) + "}").c_str()), 131009,
            t + ".caption");
    }
    ExpectSendError(Media("audio", R"({"id":"1","caption":"no"})"), 100, "audio.caption");
    ExpectSendError(Media("sticker", R"({"id":"1","caption":"no"})"), 100, "sticker.caption");
    ExpectMessage(
        Media("document", (R"({"id":"1","filename":)" + JsonString("f", 240) + "}").c_str()));
    ExpectSendError(
        Media("document", (R"({"id":"1","filename":)" + JsonString("f", 241) + "}").c_str()),
        131009, "document.filename");
    ExpectSendError(Media("image", R"({"id":"1","filename":"a.jpg"})"), 100, "image.filename");
    ExpectSendError(Media("audio", R"({"id":"1","voice":"true"})"), 100, "audio.voice");
}

TEST(MessageValidator, LocationRules) {
    auto l = Json(R"({"messaging_product":"whatsapp","to":"15551234567","type":"location",
                      "location":{"latitude":37.7749,"longitude":-122.4194,"name":"HQ",
                                  "address":"1 Main St"}})");
    ExpectMessage(l);
    ExpectMessage(With(With(l, "location.latitude", "-90"), "location.longitude", "180"));
    ExpectMessage(With(l, "location.latitude", R"("-33.8688")"));
    ExpectSendError(Without(l, "location.latitude"), 131008, "location.latitude");
    ExpectSendError(Without(l, "location.longitude"), 131008, "location.longitude");
    ExpectSendError(With(l, "location.latitude", "90.5"), 131009, "location.latitude");
    ExpectSendError(With(l, "location.longitude", "-181"), 131009, "location.longitude");
    ExpectSendError(With(l, "location.latitude", R"("north")"), 131009, "location.latitude");
    ExpectSendError(With(l, "location.latitude", R"("1e3")"), 131009, "location.latitude");
    ExpectSendError(With(l, "location.latitude", "true"), 100, "location.latitude");
    ExpectSendError(With(l, "location.name", "5"), 100, "location.name");
    ExpectSendError(With(l, "location.address", "{}"), 100, "location.address");
}

TEST(MessageValidator, ContactsRules) {
    auto c = Json(R"({"messaging_product":"whatsapp","to":"15551234567","type":"contacts",
                      "contacts":[{"name":{"formatted_name":"Ana"},
                                   "phones":[{"phone":"+15550001111","wa_id":"15550001111"}]}]})");
    ExpectMessage(c);
    ExpectSendError(With(c, "contacts", "[]"), 131009, "contacts");
    ExpectSendError(With(c, "contacts", "{}"), 100, "contacts");
    ExpectSendError(With(c, "contacts", R"(["Ana"])"), 100, "contacts[0]");
    ExpectSendError(Without(c, "contacts[0].name"), 131008, "contacts[0].name");
    ExpectSendError(Without(c, "contacts[0].name.formatted_name"), 131008,
                    "contacts[0].name.formatted_name");
    ExpectSendError(With(c, "contacts[0].name.formatted_name", R"("")"), 131009,
                    "contacts[0].name.formatted_name");
    ExpectSendError(With(c, "contacts[0].phones", R"({"phone":"1"})"), 100, "contacts[0].phones");
    ExpectSendError(With(c, "contacts[0].phones", R"(["+1555"])"), 100, "contacts[0].phones[0]");
    boost::json::array many;
    for (int i = 0; i < 258; ++i) {
        many.push_back(Json(R"({"name":{"formatted_name":"A"}})"));
    }
    boost::json::value too_many = c;
    too_many.as_object()["contacts"] = many;
    ExpectSendError(too_many, 131009, "contacts");
}

TEST(MessageValidator, ReactionRules) {
    auto r = Json(R"({"messaging_product":"whatsapp","to":"15551234567","type":"reaction",
                      "reaction":{"message_id":"wamid.A","emoji":"👍"}})");
    ExpectMessage(r);
    ExpectMessage(With(r, "reaction.emoji", R"("")"));          // removes the reaction
    ExpectMessage(With(r, "reaction.emoji", R"("👍🏽")"));  // with a skin tone: 2 code points
    ExpectMessage(With(r, "reaction.emoji", R"("\u2764\uFE0F")"));  // ❤️
    ExpectSendError(With(r, "reaction.emoji", R"("👍👍👍")"), 131009, "reaction.emoji");
    ExpectSendError(Without(r, "reaction.emoji"), 131008, "reaction.emoji");
    ExpectSendError(With(r, "reaction.emoji", "1"), 100, "reaction.emoji");
    ExpectSendError(Without(r, "reaction.message_id"), 131008, "reaction.message_id");
    ExpectSendError(With(r, "reaction.message_id", R"("")"), 131009, "reaction.message_id");
}

}  // namespace
}  // namespace wharf::domain
