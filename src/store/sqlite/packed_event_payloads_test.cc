#include "store/sqlite/packed_event_payloads.h"

#include <string>

#include <gtest/gtest.h>

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
    version[0] = 2;
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
