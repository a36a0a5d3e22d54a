#include "domain/message/wamid.h"

#include <set>
#include <string>

#include <gtest/gtest.h>

#include "base/crypto.h"
#include "base/random.h"

namespace wharf::domain {
namespace {

std::string Bytes(std::initializer_list<int> values) {
    std::string out;
    for (int v : values) {
        out.push_back(static_cast<char>(v));
    }
    return out;
}

std::string Sequence(size_t n) {
    std::string out;
    for (size_t i = 0; i < n; ++i) {
        out.push_back(static_cast<char>(i * 37 + 11));
    }
    return out;
}

std::string UpperHex(const std::string& bytes) {
    std::string hex = HexEncode(bytes);
    for (char& c : hex) {
        if (c >= 'a' && c <= 'f') {
            c = static_cast<char>(c - 'a' + 'A');
        }
    }
    return hex;
}

// The record inside a wamid made by MakeWamid.
std::string Record(const std::string& wamid) {
    auto decoded = Base64Decode(std::string_view(wamid).substr(6));
    EXPECT_TRUE(decoded);
    return decoded ? *decoded : std::string();
}

TEST(Wamid, KnownVector) {
    const std::string bytes = Bytes({0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15});
    EXPECT_EQ(MakeWamid(bytes), "wamid.HBggMDAwMTAyMDMwNDA1MDYwNzA4MDkwQTBCMEMwRDBFMEYA");
}

TEST(Wamid, LooksLikeMetas) {
    const std::string id =
        MakeWamid(Bytes({0xde, 0xad, 0xbe, 0xef, 0, 0xff, 0x10, 0x80, 1, 2, 3, 4, 5, 6, 7, 8}));
    EXPECT_EQ(id.size(), 54u);
    EXPECT_EQ(id.substr(0, 10), "wamid.HBgg");
    EXPECT_EQ(id.back(), 'A');
    EXPECT_EQ(id.find('='), std::string::npos);
    EXPECT_TRUE(IsWamid(id));
}

TEST(Wamid, RecordLayout) {
    const std::string bytes =
        Bytes({0xde, 0xad, 0xbe, 0xef, 0, 0xff, 0x10, 0x80, 1, 2, 3, 4, 5, 6, 7, 8});
    EXPECT_EQ(Record(MakeWamid(bytes)), std::string("\x1C\x18\x20", 3) + "DEADBEEF00FF1080" +
                                            "0102030405060708" + std::string("\0", 1));
}

TEST(Wamid, Deterministic) {
    const std::string bytes = Sequence(16);
    EXPECT_EQ(MakeWamid(bytes), MakeWamid(bytes));
}

TEST(Wamid, DistinctInputsGiveDistinctIds) {
    std::set<std::string> ids;
    int inputs = 0;
    // Every 16-byte input differing in one byte from a base, and every short input.
    const std::string base = Sequence(16);
    for (size_t pos = 0; pos < base.size(); ++pos) {
        for (int v = 0; v < 256; ++v) {
            std::string bytes = base;
            bytes[pos] = static_cast<char>(v);
            if (bytes == base && pos > 0) {
                continue;  // the base itself, counted once
            }
            ids.insert(MakeWamid(bytes));
            ++inputs;
        }
    }
    ids.insert(MakeWamid(""));
    ids.insert(MakeWamid(std::string(1, '\0')));
    ids.insert(MakeWamid(std::string(2, '\0')));
    inputs += 3;
    EXPECT_EQ(ids.size(), static_cast<size_t>(inputs));
}

TEST(Wamid, AnyLength) {
    EXPECT_EQ(MakeWamid(""), "wamid.HBgAAA==");
    EXPECT_TRUE(IsWamid(MakeWamid("")));
    for (size_t n = 0; n <= 64; ++n) {
        const std::string bytes = Sequence(n);
        const std::string id = MakeWamid(bytes);
        EXPECT_TRUE(IsWamid(id)) << n << " " << id;
        const std::string record = Record(id);
        const size_t header = n < 64 ? 3 : 4;  // a two-byte varint from 128 hex characters on
        ASSERT_EQ(record.size(), header + 2 * n + 1) << n;
        EXPECT_EQ(record.substr(header, 2 * n), UpperHex(bytes)) << n;
        EXPECT_EQ(record.back(), '\0') << n;
    }
    // 64 bytes: 128 hex characters, varint 0x80 0x01.
    EXPECT_EQ(Record(MakeWamid(Sequence(64))).substr(0, 4), std::string("\x1C\x18\x80\x01", 4));
}

TEST(Wamid, MintedIdsGiveBackTheirLeadingBytes) {
    const std::string bytes = Bytes({1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16});
    EXPECT_EQ(MintedWamidLeadingBytes(MakeWamid(bytes)), 0x0102030405060708ULL);
    EXPECT_EQ(MintedWamidLeadingBytes(
                  MakeWamid(Bytes({0xff, 0xfe, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0}))),
              0xfffe000000000000ULL);
    // wharf's ids begin with their time: later ones give larger numbers.
    const Timestamp t0(std::chrono::milliseconds(1795000000000));
    for (int ms : {1, 2, 1000}) {
        EXPECT_LT(*MintedWamidLeadingBytes(MakeWamid(TimeOrderedRandomBytes(t0))),
                  *MintedWamidLeadingBytes(
                      MakeWamid(TimeOrderedRandomBytes(t0 + std::chrono::milliseconds(ms)))));
    }
}

TEST(Wamid, OtherIdsHaveNoMintedLeadingBytes) {
    for (const std::string& id : {
             // Meta's.
             std::string("wamid.HBgLMTY1MDM4Nzk0MzkVAgARGBJDQjZCMzlEQUE4OTJBMTE4RTUA"),
             std::string("wamid.gBGGSFcCNEOPAgkO_KJ55r4w_ww"),
             // Minted from other lengths.
             MakeWamid(Bytes({1, 2, 3, 4, 5, 6, 7, 8})),
             MakeWamid(std::string(17, 'x')),
             // A minted id's length with another start, and its start one digit longer.
             "wamid.HBgh" + MakeWamid(std::string(16, 'x')).substr(10),
             MakeWamid(std::string(16, 'x')) + "A",
             // Not base64, not a wamid, empty.
             std::string("wamid.!!!!"),
             std::string("HBggMDAwMTAyMDMwNDA1MDYwNzA4MDkwQTBCMEMwRDBFMEYA"),
             std::string(),
         }) {
        EXPECT_EQ(MintedWamidLeadingBytes(id), std::nullopt) << id;
    }
    // The minted layout with lower-case hex is not one wharf mints.
    std::string record = Record(MakeWamid(std::string(16, '\xab')));
    for (char& c : record) {
        if (c == 'A' || c == 'B') {
            c = static_cast<char>(c + 32);
        }
    }
    EXPECT_EQ(MintedWamidLeadingBytes("wamid." + Base64Encode(record)), std::nullopt);
}

TEST(Wamid, AcceptsMetasIds) {
    // Ids from Meta's documentation and Kapso's examples: padded, unpadded, URL-safe, odd lengths.
    for (const char* id : {
             "wamid.HBgLMTY1MDM4Nzk0MzkVAgARGBJDQjZCMzlEQUE4OTJBMTE4RTUA",
             "wamid.HBgNMTU1NTE0OTU5Nzg1FQIAERgSMDhGRjdBMDEyOTcxQzFFQkFBAA==",
             "wamid.gBGGSFcCNEOPAgkO_KJ55r4w_ww",
             "wamid.gBGGFlaCmZ9plHrf2Mh-o",
             "wamid.ID",
             "wamid.A",
             "wamid.ab+/cd=",
         }) {
        EXPECT_TRUE(IsWamid(id)) << id;
    }
}

TEST(Wamid, RejectsOthers) {
    for (const char* id : {
             "",
             "wamid",
             "wamid.",
             "wamid.=",
             "wamid.==",
             "WAMID.HBgL",
             "Wamid.HBgL",
             "xwamid.HBgL",
             " wamid.HBgL",
             "wamid.HBgL ",
             "wamid. HBgL",
             "wamid.HB gL",
             "wamid.HBgL\n",
             "wamid.HBgL.AA",
             "wamid.HB=gL",
             "wamid.HBgL===",
             "wamid.HBg%L",
             "HBgLMTY1MDM4Nzk0MzkVAgARGBJDQjZCMzlEQUE4OTJBMTE4RTUA",
             "16505551234",
         }) {
        EXPECT_FALSE(IsWamid(id)) << id;
    }
    EXPECT_FALSE(IsWamid(std::string_view("wamid.HB\0gL", 11)));
}

TEST(Wamid, BodyLengthLimit) {
    EXPECT_TRUE(IsWamid("wamid." + std::string(512, 'A')));
    EXPECT_TRUE(IsWamid("wamid." + std::string(510, 'A') + "=="));
    EXPECT_FALSE(IsWamid("wamid." + std::string(513, 'A')));
    EXPECT_FALSE(IsWamid("wamid." + std::string(511, 'A') + "=="));
}

}  // namespace
}  // namespace wharf::domain
