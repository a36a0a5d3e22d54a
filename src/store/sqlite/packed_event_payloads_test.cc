#include "store/sqlite/packed_event_payloads.h"

#include <algorithm>
#include <string>

#include <gtest/gtest.h>
#include <lz4.h>

namespace wharf::store::sqlite {
namespace {

// A message event's shape: the same wamid and field names many times over, as real ones.
std::string MessageEventJson() {
    std::string s = R"({"message":{"id":"wamid.HBggMDFBMjAyMTA3RDY0ODMyRUE4OEREN0JFRkM4QzNENzYA",)"
                    R"("type":"text","text":{"body":"hello"},"kapso":{"statuses":[)";
    for (int i = 0; i < 6; ++i) {
        s += R"({"id":"wamid.HBggMDFBMjAyMTA3RDY0ODMyRUE4OEREN0JFRkM4QzNENzYA","status":"sent",)"
             R"("timestamp":"179533096)" +
             std::to_string(i) + R"(","recipient_id":"16660000001"},)";
    }
    s += R"({}]}},"conversation":{"id":"01a20210-3d21-70e2-bf65-e676702703be"}})";
    return s;
}

TEST(PackedEventPayloads, RoundTripsThePayloadAndTheMetaBody) {
    const std::string payload = MessageEventJson();
    const std::optional<std::string> meta = R"({"object":"whatsapp_business_account","entry":[]})";
    const std::string packed = PackEventPayloads(payload, meta);
    auto back = UnpackEventPayloads(packed);
    ASSERT_TRUE(back) << back.error().message;
    EXPECT_EQ(back->payload, payload);
    EXPECT_EQ(back->meta_payload, meta);
}

TEST(PackedEventPayloads, KeepsNoMetaBodyApartFromAnEmptyOne) {
    auto none = UnpackEventPayloads(PackEventPayloads("{}", std::nullopt));
    ASSERT_TRUE(none);
    EXPECT_EQ(none->payload, "{}");
    EXPECT_FALSE(none->meta_payload.has_value());

    auto empty = UnpackEventPayloads(PackEventPayloads("", std::string()));
    ASSERT_TRUE(empty);
    EXPECT_EQ(empty->payload, "");
    ASSERT_TRUE(empty->meta_payload.has_value());
    EXPECT_EQ(*empty->meta_payload, "");
}

TEST(PackedEventPayloads, AMessageEventShrinksToLessThanHalf) {
    const std::string payload = MessageEventJson();
    const std::string packed = PackEventPayloads(payload, std::nullopt);
    EXPECT_LT(packed.size() * 2, payload.size()) << payload.size() << " -> " << packed.size();
}

// A delivered event as wharf renders it (with other ids, times and text than the dictionary's).
std::string DeliveredEventJson() {
    return R"({"message":{"id":"wamid.HBggMDFBMjA0MTdCOUZCNzJGODVERTVENjI2MkJFNjcyRkYA",)"
           R"("timestamp":"1795364993","type":"text","from":null,"to":"16660000024","text":{)"
           R"("body":"Your table for 4 is booked for 8 pm"},"kapso":{"direction":"outbound",)"
           R"("status":"delivered","processing_status":"completed","origin":"cloud_api",)"
           R"("phone_number":"+16660000024","phone_number_id":"90000000006","has_media":false,)"
           R"("whatsapp_conversation_id":"01a2040d-0dc6-70f7-aab6-9ac0ef7223f4","contact_name":)"
           R"(null,"content":"Your table for 4 is booked for 8 pm","statuses":[{"id":"wamid.HBgg)"
           R"(MDFBMjA0MTdCOUZCNzJGODVERTVENjI2MkJFNjcyRkYA","status":"sent","timestamp":"17953)"
           R"(64325","recipient_id":"16660000024","pricing":{"billable":false,"pricing_model":)"
           R"("PMP","type":"free_customer_service","category":"service"}},{"id":"wamid.HBggMDFB)"
           R"(MjA0MTdCOUZCNzJGODVERTVENjI2MkJFNjcyRkYA","status":"delivered","timestamp":"17953)"
           R"(64326","recipient_id":"16660000024"}]}},"conversation":{"id":"01a2040d-0dc6-70f7-a)"
           R"(ab6-9ac0ef7223f4","phone_number":"16660000024","business_scoped_user_id":null,)"
           R"("parent_business_scoped_user_id":null,"username":null,"status":"active","last_ac)"
           R"(tive_at":"2026-11-22T16:18:44.944934Z","created_at":"2026-11-22T16:18:14.086995Z",)"
           R"("updated_at":"2026-11-22T16:18:44.944934Z","metadata":{},"phone_number_id":"90000)"
           R"(000006","whatsapp_config_id":"950f6e7b-a235-4a4d-9a6d-e3776253ddfc","kapso":{"con)"
           R"(tact_name":null,"messages_count":38,"last_message_id":"wamid.HBggMDFBMjA0MTdCOUZC)"
           R"(NzJGODVERTVENjI2MkJFNjcyRkYA","last_message_type":"text","last_message_timestamp":)"
           R"("2026-11-22T16:18:44.944934Z","last_message_text":"Your table for 4 is booked for )"
           R"(8 pm","last_inbound_at":"2026-11-22T16:18:14.086995Z","last_outbound_at":"2026-11)"
           R"(-22T16:18:44.944934Z"}},"is_new_conversation":false,"phone_number_id":"9000000000)"
           R"(6"})";
}

// Version 1: the payload and the meta body in an LZ4 block of its own, as Pack wrote it before
// the dictionary.
std::string PackVersionOne(const std::string& payload, const std::string& meta) {
    const std::string raw = payload + meta;
    std::string v1(9 + static_cast<size_t>(LZ4_compressBound(static_cast<int>(raw.size()))), '\0');
    v1[0] = 1;
    for (int i = 0; i < 4; ++i) {
        v1[1 + i] = static_cast<char>((payload.size() >> (8 * i)) & 0xFF);
        v1[5 + i] = static_cast<char>((meta.size() >> (8 * i)) & 0xFF);
    }
    const int n = LZ4_compress_default(raw.data(), v1.data() + 9, static_cast<int>(raw.size()),
                                       static_cast<int>(v1.size() - 9));
    EXPECT_GT(n, 0);
    v1.resize(9 + static_cast<size_t>(std::max(n, 0)));
    return v1;
}

TEST(PackedEventPayloads, TheDictionaryPacksARealEventToHalfOfWhatLz4AloneDoes) {
    // Plain LZ4 (version 1) only halves it: the field names appear once per event.
    const std::string payload = DeliveredEventJson();
    const std::string packed = PackEventPayloads(payload, std::nullopt);
    const std::string plain = PackVersionOne(payload, "");
    EXPECT_EQ(packed[0], 2);
    EXPECT_LT(packed.size() * 2, plain.size()) << plain.size() << " -> " << packed.size();
    EXPECT_LT(packed.size() * 3, payload.size()) << payload.size() << " -> " << packed.size();
    auto back = UnpackEventPayloads(packed);
    ASSERT_TRUE(back);
    EXPECT_EQ(back->payload, payload);
}

TEST(PackedEventPayloads, ReadsVersionOneBlobsWrittenBeforeTheDictionary) {
    const std::string payload = DeliveredEventJson();
    const std::string meta = R"({"object":"whatsapp_business_account"})";
    auto back = UnpackEventPayloads(PackVersionOne(payload, meta));
    ASSERT_TRUE(back) << back.error().message;
    EXPECT_EQ(back->payload, payload);
    EXPECT_EQ(back->meta_payload, meta);

    // A version-2 block read as version 1 refers to dictionary bytes it does not have.
    std::string as_v1 = PackEventPayloads(payload, meta);
    as_v1[0] = 1;
    EXPECT_FALSE(UnpackEventPayloads(as_v1));
}

TEST(PackedEventPayloads, BinaryAndIncompressibleBytesRoundTrip) {
    std::string bytes;
    unsigned x = 12345;
    for (int i = 0; i < 5000; ++i) {
        x = x * 1103515245u + 12345u;
        bytes.push_back(static_cast<char>(x >> 24));
    }
    bytes[10] = '\0';
    auto back = UnpackEventPayloads(PackEventPayloads(bytes, bytes.substr(0, 100)));
    ASSERT_TRUE(back);
    EXPECT_EQ(back->payload, bytes);
    EXPECT_EQ(back->meta_payload, bytes.substr(0, 100));
}

TEST(PackedEventPayloads, CorruptBlobsAreInternalErrorsNotEmptyPayloads) {
    const std::string good = PackEventPayloads(MessageEventJson(), std::string("{\"a\":1}"));
    auto expect_corrupt = [](std::string_view blob, const char* what) {
        auto r = UnpackEventPayloads(blob);
        ASSERT_FALSE(r) << what;
        EXPECT_EQ(r.error().code, ErrorCode::kInternal) << what;
    };
    expect_corrupt("", "empty");
    expect_corrupt(good.substr(0, 8), "shorter than the header");
    std::string version = good;
    version[0] = 3;
    expect_corrupt(version, "unknown format");
    expect_corrupt(good.substr(0, good.size() - 5), "truncated block");
    std::string longer = good;
    longer[1] = static_cast<char>(static_cast<unsigned char>(longer[1]) + 1);
    expect_corrupt(longer, "header claims one byte more than the block holds");
    std::string huge = good;
    huge[4] = static_cast<char>(0x7F);
    expect_corrupt(huge, "header claims 2 GB");
    std::string garbage = good;
    for (size_t i = 9; i < garbage.size(); i += 3) {
        garbage[i] = static_cast<char>(garbage[i] ^ 0x5A);
    }
    auto r = UnpackEventPayloads(garbage);  // decodes to nonsense or fails, never overruns
    if (r) {
        EXPECT_NE(r->payload, MessageEventJson());
    }
}

}  // namespace
}  // namespace wharf::store::sqlite
