#include "domain/event/message_event_writer.h"

#include <random>

#include <gtest/gtest.h>

namespace wharf::domain {
namespace {

namespace bj = boost::json;

// The DOM rendering the writer must match byte for byte.
std::string Dom(const Message& m, const Conversation& c, const PayloadContext& ctx, bool is_new) {
    return bj::serialize(MessageEventPayload(m, c, ctx, is_new));
}

// Whether the writer's bytes are the DOM's, showing both when they are not.
::testing::AssertionResult Same(const Message& m, const Conversation& c, const PayloadContext& ctx,
                                bool is_new) {
    std::string written = SerializedMessageEventPayload(m, c, ctx, is_new);
    std::string dom = Dom(m, c, ctx, is_new);
    if (written == dom) {
        return ::testing::AssertionSuccess();
    }
    return ::testing::AssertionFailure() << "\nwriter: " << written << "\n   dom: " << dom;
}

const Timestamp kT0 = Timestamp(std::chrono::seconds(1767225600)) + std::chrono::microseconds(123);

// A status object as the sandbox and Meta write them, serialised as the service stores it.
std::string Status(const std::string& wamid, const std::string& status, bool pricing, bool errors) {
    bj::object o{{"id", wamid},
                 {"status", status},
                 {"timestamp", "1767225601"},
                 {"recipient_id", "15550001111"}};
    if (pricing) {
        o["pricing"] = bj::object{{"billable", false},
                                  {"pricing_model", "PMP"},
                                  {"type", "free_customer_service"},
                                  {"category", "service"}};
    }
    if (errors) {
        o["errors"] = bj::array{bj::object{{"code", 131026},
                                           {"title", "Message \"undeliverable\""},
                                           {"error_data", bj::object{{"details", "a\\b\n"}}}}};
    }
    return bj::serialize(o);
}

Message Outbound(const std::string& type, const std::string& payload) {
    Message m;
    m.wamid = "wamid.HBgLMTU1NTAwMDExMTEVAgARGBI=";
    m.phone_number_id = PhoneNumberId("100200300");
    m.conversation_id = ConversationId("0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b");
    m.contact_id = ContactId("0190a1b2-0000-7000-8000-000000000001");
    m.wa_id = "15550001111";
    m.direction = MessageDirection::kOutbound;
    m.type = type;
    m.payload = payload;
    m.status = "read";
    m.statuses = "[" + Status(m.wamid, "sent", true, false) + "," +
                 Status(m.wamid, "delivered", false, false) + "," +
                 Status(m.wamid, "read", false, false) + "]";
    m.origin = "api";
    m.content = "hello";
    m.created_at = kT0;
    m.updated_at = kT0 + std::chrono::seconds(3);
    return m;
}

Message Inbound(const std::string& type, const std::string& payload) {
    Message m = Outbound(type, payload);
    m.direction = MessageDirection::kInbound;
    m.status = "received";
    m.statuses = "[]";
    m.origin = "meta";
    return m;
}

Conversation FullConversation() {
    Conversation c;
    c.id = ConversationId("0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b");
    c.phone_number_id = PhoneNumberId("100200300");
    c.wa_id = "15550001111";
    c.contact_id = ContactId("0190a1b2-0000-7000-8000-000000000001");
    c.created_at = kT0 - std::chrono::hours(2);
    c.updated_at = kT0;
    c.last_active_at = kT0;
    c.last_inbound_at = kT0 - std::chrono::hours(1);
    c.last_outbound_at = kT0;
    c.ended_at = kT0 + std::chrono::hours(24);
    c.messages_count = 42;
    c.last_message_id = "wamid.last";
    c.last_message_type = "text";
    c.last_message_text = "see you \"soon\"";
    c.last_message_at = kT0;
    c.metadata = R"({"crm_id":"c-1","tags":["vip",7],"nested":{"ok":true,"none":null}})";
    return c;
}

Conversation EmptyConversation() {
    Conversation c;  // ids empty, no optional field, epoch timestamps
    c.metadata = "";
    return c;
}

const PayloadContext kFullContext{PhoneConfigId("0190a1b2-aaaa-7bbb-8ccc-dddddddddddd"), "Alex"};

TEST(MessageEventWriter, AnOutboundTextWithItsSandboxStatusesIsTheDomsBytes) {
    Message m = Outbound("text", R"({"body":"hello","preview_url":false})");
    Conversation c = FullConversation();
    for (bool is_new : {false, true}) {
        EXPECT_TRUE(Same(m, c, kFullContext, is_new));
    }
    // Through each of the three status events, the statuses growing.
    m.statuses = "[]";
    for (const char* status : {"sent", "delivered", "read"}) {
        std::string item = Status(m.wamid, status, std::string(status) == "sent", false);
        m.statuses = m.statuses == "[]"
                         ? "[" + item + "]"
                         : m.statuses.substr(0, m.statuses.size() - 1) + "," + item + "]";
        m.status = status;
        EXPECT_TRUE(Same(m, c, kFullContext, false));
    }
}

TEST(MessageEventWriter, TheOutputIsTheExpectedText) {
    // Pins the shape as well, so a change to both renderings shows up here.
    Message m = Outbound("text", R"({"body":"hi"})");
    m.statuses = "[]";
    m.status = "accepted";
    m.content = "hi";
    Conversation c = FullConversation();
    c.metadata = "{}";
    EXPECT_EQ(
        SerializedMessageEventPayload(m, c, kFullContext, true),
        R"({"message":{"id":"wamid.HBgLMTU1NTAwMDExMTEVAgARGBI=","timestamp":"1767225600",)"
        R"("type":"text","from":null,"to":"15550001111","text":{"body":"hi"},"kapso":{)"
        R"("direction":"outbound","status":"pending","processing_status":"completed",)"
        R"("origin":"cloud_api","phone_number":"+15550001111","phone_number_id":"100200300",)"
        R"("has_media":false,"whatsapp_conversation_id":"0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b",)"
        R"("contact_name":"Alex","content":"hi","statuses":[]}},"conversation":{)"
        R"("id":"0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b","phone_number":"15550001111",)"
        R"("business_scoped_user_id":null,"parent_business_scoped_user_id":null,)"
        R"("username":null,"status":"active","last_active_at":"2026-01-01T00:00:00.000123Z",)"
        R"("created_at":"2025-12-31T22:00:00.000123Z","updated_at":"2026-01-01T00:00:00.000123Z",)"
        R"("metadata":{},"phone_number_id":"100200300",)"
        R"("whatsapp_config_id":"0190a1b2-aaaa-7bbb-8ccc-dddddddddddd","kapso":{)"
        R"("contact_name":"Alex","messages_count":42,"last_message_id":"wamid.last",)"
        R"("last_message_type":"text","last_message_timestamp":"2026-01-01T00:00:00.000123Z",)"
        R"("last_message_text":"see you \"soon\"",)"
        R"("last_inbound_at":"2025-12-31T23:00:00.000123Z",)"
        R"("last_outbound_at":"2026-01-01T00:00:00.000123Z"}},"is_new_conversation":true,)"
        R"("phone_number_id":"100200300"})");
}

TEST(MessageEventWriter, OptionalFieldsPresentAndAbsent) {
    Message m = Outbound("text", R"({"body":"x"})");
    m.context_message_id = "wamid.ctx";
    m.biz_opaque_callback_data = "cb \"data\"";
    m.error = R"([{"code":131026,"title":"x"}])";
    for (const Conversation& c : {FullConversation(), EmptyConversation()}) {
        for (const PayloadContext& ctx :
             {kFullContext, PayloadContext{}, PayloadContext{PhoneConfigId("cfg"), std::nullopt},
              PayloadContext{std::nullopt, std::string("")}}) {
            EXPECT_TRUE(Same(m, c, ctx, true));
            Message bare = m;
            bare.context_message_id.reset();
            bare.biz_opaque_callback_data.reset();
            bare.error.reset();
            bare.content = "";
            EXPECT_TRUE(Same(bare, c, ctx, false));
        }
    }
    Conversation ended = FullConversation();
    ended.status = ConversationStatus::kEnded;
    EXPECT_TRUE(Same(m, ended, kFullContext, false));
}

TEST(MessageEventWriter, StringsThatNeedEscapingInEveryField) {
    const std::string nasty =
        "q\"b\\s/\x01\x1f\t\n\r\b\f\x7f h\xc3\xa9 \xf0\x9f\x98\x80 \xff(not UTF-8)";
    Message m = Inbound("text", R"({"body":"q\"b\\s\/\u0001\u001F\t\n \u00e9 \ud83d\ude00"})");
    m.wamid = m.wa_id = m.content = m.status = m.origin = nasty;
    m.phone_number_id = PhoneNumberId(nasty);
    m.conversation_id = ConversationId(nasty);
    m.context_message_id = nasty;
    m.biz_opaque_callback_data = nasty;
    Conversation c = FullConversation();
    c.id = ConversationId(nasty);
    c.wa_id = nasty;
    c.phone_number_id = PhoneNumberId(nasty);
    c.last_message_id = c.last_message_type = c.last_message_text = nasty;
    PayloadContext ctx{PhoneConfigId(nasty), nasty};
    EXPECT_TRUE(Same(m, c, ctx, true));
    m.direction = MessageDirection::kOutbound;
    EXPECT_TRUE(Same(m, c, ctx, false));
    m.type = nasty;
    EXPECT_TRUE(Same(m, c, ctx, false));
}

TEST(MessageEventWriter, StoredStatusesInEveryForm) {
    Message m = Outbound("text", R"({"body":"x"})");
    Conversation c = FullConversation();
    const std::string w = m.wamid;
    for (const std::string& statuses : {
             std::string("[]"),
             std::string(""),
             std::string("not json"),
             std::string("{}"),
             std::string("[ ]"),
             std::string("null"),
             "[" + Status(w, "sent", true, false) + "]",
             "[" + Status(w, "sent", true, false) + "," + Status(w, "failed", false, true) + "]",
             "[" + Status(w, "failed", false, true) + "," + Status(w, "failed", false, true) + "]",
             // As Meta might write them: whitespace, escapes, numbers boost writes otherwise.
             std::string(R"([ {"id": "w", "status": "sent"} ])"),
             std::string(R"([{"id":"w","status":"read","conversation":{"expiration":1.7E9}}])"),
             std::string(R"([{"id":"w","status":"read","x":"\u00e9\/"}])"),
             std::string(R"([{"id":"w","status":"sent","id":"w2"}])"),
             std::string(R"([{"id":"w","errors":[{"code":-0,"n":100.50}]}])"),
             std::string(R"([{"id":"w","errors":[{"code":-0}]}])"),
             std::string(R"([{"id":"w","errors":[{"code":"\u000a\u0007"}]}])"),
         }) {
        m.statuses = statuses;
        EXPECT_TRUE(Same(m, c, kFullContext, false));
    }
}

TEST(MessageEventWriter, StoredPayloadsInEveryForm) {
    Conversation c = FullConversation();
    for (const char* payload : {
             R"({"body":"x"})",
             "",
             "   ",
             "{}",
             "[]",
             "null",
             R"("a string")",
             "12",
             "not json",
             R"({"body": "spaced"})",
             R"({"body":"x","body":"y"})",
             R"({"body":"\u00e9\/"})",
             R"({"n":1.0,"m":-0,"big":123456789012345678901})",
             R"({"m":-0})",
             R"({"big":123456789012345678901})",
             "{\"body\":\"\xff\"}",
         }) {
        for (const char* type : {"text", "image", "interactive", "template", "location"}) {
            EXPECT_TRUE(Same(Outbound(type, payload), c, kFullContext, false))
                << type << " " << payload;
            EXPECT_TRUE(Same(Inbound(type, payload), c, kFullContext, true))
                << type << " " << payload;
        }
    }
}

TEST(MessageEventWriter, StoredMetadataInEveryForm) {
    Message m = Outbound("text", R"({"body":"x"})");
    for (const char* metadata :
         {"{}", "", "[]", "null", "garbage", R"({"a": 1})", R"({"a":1.5,"b":[1,2]})",
          R"({"a":"\u0041"})", R"({"a":1,"a":2})", R"({"a":{"b":{"c":[true,false,null]}}})"}) {
        Conversation c = FullConversation();
        c.metadata = metadata;
        EXPECT_TRUE(Same(m, c, kFullContext, false)) << metadata;
    }
}

TEST(MessageEventWriter, EveryMessageTypeAndItsDerivedFields) {
    struct Case {
        const char* type;
        bool has_media;
        const char* payload;
    };
    const Case cases[] = {
        {"text", false, R"({"body":"hi","preview_url":true})"},
        {"image", true,
         R"({"link":"https://cdn.example/a.jpg","caption":"a \"cap\"","mime_type":"image/jpeg"})"},
        {"image", true, R"({"id":"1234567890","caption":"by id"})"},
        {"video", true, R"({"id":"1","mime_type":"video/mp4","sha256":"abc"})"},
        {"audio", true, R"({"id":"1","voice":true,"mime_type":"audio/ogg"})"},
        {"document", true,
         R"({"link":"https://x/y.pdf","filename":"y \u00e9.pdf","mime_type":"application/pdf"})"},
        {"sticker", true, R"({"id":"1","animated":false})"},
        {"image", false, R"({"link":"https://x/no-media-flag.jpg"})"},
        {"text", true, R"({"body":"media flag on a text","link":"https://x"})"},
        {"template", false,
         R"({"name":"order_update","language":{"code":"en_US"},"components":[)"
         R"({"type":"header","parameters":[{"type":"text","text":"H"}]},)"
         R"({"type":"BODY","parameters":[{"type":"text","text":"A1"},{"type":"currency"},)"
         R"({"type":"text","text":"B\"2"}]},{"type":"button","sub_type":"url","index":"0"}]})"},
        {"template", false, R"({"name":"hello_world","language":{"code":"en"}})"},
        {"interactive", false,
         R"({"type":"button","body":{"text":"Pick"},"action":{"buttons":[{"type":"reply",)"
         R"("reply":{"id":"b1","title":"Yes"}}]}})"},
        {"interactive", false,
         R"({"type":"button_reply","button_reply":{"id":"b1","title":"Yes"}})"},
        {"interactive", false,
         R"({"type":"list_reply","list_reply":{"id":"r1","title":"Row","description":"D"}})"},
        {"interactive", false,
         R"({"type":"nfm_reply","nfm_reply":{"name":"flow","body":"Sent",)"
         R"("response_json":"{\"flow_token\":\"tok-1\",\"answer\":[1,2.5]}"}})"},
        {"interactive", false, R"({"type":"nfm_reply","nfm_reply":{"response_json":"not json"}})"},
        {"location", false,
         R"({"latitude":37.422,"longitude":-122.0841,"name":"HQ","address":"1 Main St"})"},
        {"location", false, R"({"latitude":52,"longitude":13})"},
        {"reaction", false, "{\"message_id\":\"wamid.x\",\"emoji\":\"\xf0\x9f\x91\x8d\"}"},
        {"reaction", false, R"({"message_id":"wamid.x","emoji":""})"},
        {"button", false, R"({"text":"Yes","payload":"yes-1"})"},
        {"order", false,
         R"({"catalog_id":"c1","text":"please","product_items":[{"product_retailer_id":"p",)"
         R"("quantity":2,"item_price":9.99,"currency":"EUR"}]})"},
        {"contacts", false, R"([{"name":{"formatted_name":"A"},"phones":[{"phone":"+1"}]}])"},
        {"unsupported", false, R"({"errors":[{"code":131051}]})"},
        {"system", false, R"({"body":"changed number"})"},
        // Types named like the envelope's keys.
        {"id", false, R"({"x":1})"},
        {"timestamp", false, R"({"x":1})"},
        {"type", false, R"({"x":1})"},
        {"from", false, R"({"x":1})"},
        {"to", false, R"({"x":1})"},
        {"kapso", false, R"({"x":1})"},
        {"context", false, R"({"x":1})"},
        {"", false, R"({"x":1})"},
    };
    Conversation c = FullConversation();
    for (const Case& k : cases) {
        for (bool inbound : {false, true}) {
            Message m = inbound ? Inbound(k.type, k.payload) : Outbound(k.type, k.payload);
            m.has_media = k.has_media;
            EXPECT_TRUE(Same(m, c, kFullContext, inbound)) << k.type << " " << k.payload;
            m.context_message_id = "wamid.ctx";
            EXPECT_TRUE(Same(m, c, PayloadContext{}, false)) << k.type << " " << k.payload;
        }
    }
}

// Seeded combinations of everything above.
TEST(MessageEventWriter, RandomMessagesAndConversations) {
    const std::vector<std::string> strings = {"",
                                              "x",
                                              "15550001111",
                                              "wamid.ABC=",
                                              "q\"uote",
                                              "back\\slash",
                                              "ctl\x01\x1f\t\n",
                                              "h\xc3\xa9llo",
                                              "\xf0\x9f\x98\x80",
                                              "sl/ash",
                                              "del\x7f",
                                              "bad\xfe"};
    const std::vector<std::string> types = {
        "text",     "image",       "video",    "audio",    "document",   "sticker",
        "template", "interactive", "location", "reaction", "button",     "order",
        "contacts", "id",          "context",  "kapso",    "weird\"type"};
    const std::vector<std::string> payloads = {
        R"({"body":"hi"})",
        R"({"body":"a\"b\\c\n\u0001"})",
        R"({"body": "spaced"})",
        R"({"link":"https://x/a.jpg","caption":"c","filename":"f","mime_type":"image/png"})",
        R"({"id":"9","voice":true})",
        R"({"name":"t","language":{"code":"en"},"components":[{"type":"body","parameters":[)"
        R"({"type":"text","text":"p1"}]}]})",
        R"({"type":"list_reply","list_reply":{"id":"1","title":"T"},"body":{"text":"B"}})",
        R"({"nfm_reply":{"response_json":"{\"flow_token\":\"t\"}","name":"n","body":"b"}})",
        R"({"latitude":1.25,"longitude":-3,"name":"N"})",
        R"({"emoji":"\ud83d\udc4d","message_id":"m"})",
        R"({"text":"order","payload":"p"})",
        "{\"x\":\"\xe2\x82\xac\"}",
        "",
        "[]",
        "broken{",
        R"({"a":1,"a":{"b":2}})",
    };
    const Timestamp times[] = {Timestamp(),
                               kT0,
                               kT0 + std::chrono::microseconds(999999),
                               Timestamp(std::chrono::seconds(4102444800)),
                               Timestamp(std::chrono::seconds(-65'000'000'000)),  // year -90
                               Timestamp(std::chrono::seconds(300'000'000'000))};
    std::mt19937 rng(20250101);
    auto pick = [&](const auto& v) -> const auto& {
        return v[rng() % std::size(v)];
    };
    auto maybe = [&](const std::string& s) {
        return rng() % 3 == 0 ? std::optional<std::string>() : std::optional<std::string>(s);
    };
    auto maybe_time = [&]() {
        return rng() % 3 == 0 ? std::optional<Timestamp>() : std::optional<Timestamp>(pick(times));
    };
    for (int i = 0; i < 3000; ++i) {
        Message m;
        m.wamid = pick(strings);
        m.phone_number_id = PhoneNumberId(pick(strings));
        m.conversation_id = ConversationId(pick(strings));
        m.wa_id = pick(strings);
        m.direction = rng() % 2 ? MessageDirection::kInbound : MessageDirection::kOutbound;
        m.type = pick(types);
        m.payload = pick(payloads);
        m.status = pick(std::vector<std::string>{"accepted", "sent", "delivered", "read", "played",
                                                 "failed", "received", "q\"x"});
        m.statuses = "[";
        for (unsigned n = rng() % 4; n > 0; --n) {
            m.statuses += (m.statuses.size() > 1 ? "," : "") +
                          Status(pick(strings), pick(strings), rng() % 2, rng() % 2);
        }
        m.statuses += "]";
        if (rng() % 8 == 0) {
            m.statuses = pick(std::vector<std::string>{"", "[ ]", "{}", "[1.5]", "[\"\\/\"]"});
        }
        m.origin = pick(strings);
        m.has_media = rng() % 2;
        m.content = pick(strings);
        m.context_message_id = maybe(pick(strings));
        m.biz_opaque_callback_data = maybe(pick(strings));
        m.error = maybe(R"([{"code":1}])");
        m.created_at = pick(times);

        Conversation c;
        c.id = ConversationId(pick(strings));
        c.phone_number_id = PhoneNumberId(pick(strings));
        c.wa_id = pick(strings);
        c.status = rng() % 2 ? ConversationStatus::kActive : ConversationStatus::kEnded;
        c.created_at = pick(times);
        c.updated_at = pick(times);
        c.last_active_at = pick(times);
        c.last_inbound_at = maybe_time();
        c.last_outbound_at = maybe_time();
        c.last_message_at = maybe_time();
        c.messages_count = static_cast<long long>(rng()) - 1000;
        c.last_message_id = maybe(pick(strings));
        c.last_message_type = maybe(pick(types));
        c.last_message_text = maybe(pick(strings));
        c.metadata = pick(std::vector<std::string>{"{}", "", R"({"k":"v"})", R"({"k": 1})",
                                                   R"({"f":0.5})", "[]"});

        PayloadContext ctx{
            rng() % 2 ? std::optional<PhoneConfigId>(PhoneConfigId(pick(strings))) : std::nullopt,
            maybe(pick(strings))};
        bool is_new = rng() % 2;
        ASSERT_TRUE(Same(m, c, ctx, is_new)) << "iteration " << i;
    }
}

}  // namespace
}  // namespace wharf::domain
