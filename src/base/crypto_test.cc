#include "base/crypto.h"

#include <set>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

#include "base/random.h"
#include "base/secret_box.h"

namespace wharf {
namespace {

TEST(Crypto, Sha256AndHmacMatchKnownVectors) {
    EXPECT_EQ(Sha256Hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    // RFC 4231 test case 2.
    EXPECT_EQ(HmacSha256Hex("Jefe", "what do ya want for nothing?"),
              "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
}

TEST(Crypto, Base64RoundTripsEveryPaddingLength) {
    for (std::string s : {"", "f", "fo", "foo", "foob", "fooba", "foobar"}) {
        EXPECT_EQ(*Base64Decode(Base64Encode(s)), s);
        EXPECT_EQ(*Base64UrlDecode(Base64UrlEncode(s)), s);
    }
    EXPECT_EQ(Base64Encode("foobar"), "Zm9vYmFy");
    EXPECT_FALSE(Base64Decode("Zm9v!mFy"));
    EXPECT_FALSE(Base64Decode("Zm9"));
}

TEST(Crypto, HexRoundTrips) {
    EXPECT_EQ(HexEncode("\x01\xff"), "01ff");
    EXPECT_EQ(*HexDecode("01FF"), "\x01\xff");
    EXPECT_FALSE(HexDecode("0g"));
}

TEST(SecretBox, SealsAndOpensUnderTheSameKeyAndContext) {
    auto box = SecretBox::Create(RandomBytes(32));
    ASSERT_TRUE(box);
    std::string sealed = box->Seal("EAAG-token", "phone_number:1");
    EXPECT_EQ(sealed.find("EAAG"), std::string::npos);
    EXPECT_NE(sealed, box->Seal("EAAG-token", "phone_number:1"));  // fresh nonce each time
    EXPECT_EQ(*box->Open(sealed, "phone_number:1"), "EAAG-token");
}

TEST(SecretBox, RefusesTamperingWrongKeyAndWrongContext) {
    auto box = SecretBox::Create(RandomBytes(32));
    auto other = SecretBox::Create(RandomBytes(32));
    std::string sealed = box->Seal("secret", "ctx");
    EXPECT_FALSE(other->Open(sealed, "ctx"));
    EXPECT_FALSE(box->Open(sealed, "other-ctx"));
    std::string flipped = sealed;
    flipped[10] = flipped[10] == 'A' ? 'B' : 'A';
    EXPECT_FALSE(box->Open(flipped, "ctx"));
    EXPECT_FALSE(box->Open("garbage", "ctx"));
}

TEST(SecretBox, KeyTextFormats) {
    EXPECT_TRUE(SecretBox::FromText(std::string(64, 'a')));
    EXPECT_TRUE(SecretBox::FromText(Base64Encode(std::string(32, 'k')) + "\n"));
    EXPECT_FALSE(SecretBox::FromText("short"));
    EXPECT_FALSE(SecretBox::Create("too short"));
}

TEST(Random, TimeOrderedIdsSortByTheirMillisecond) {
    const Timestamp t0 = Timestamp(std::chrono::milliseconds(1'795'000'000'000));
    std::string a = NewUuidV7(t0);
    std::string b = NewUuidV7(t0 + std::chrono::milliseconds(1));
    EXPECT_TRUE(IsUuid(a));
    EXPECT_EQ(a[14], '7');
    EXPECT_TRUE(a[19] == '8' || a[19] == '9' || a[19] == 'a' || a[19] == 'b');
    EXPECT_LT(a, b);
    EXPECT_EQ(a.substr(0, 13), NewUuidV7(t0).substr(0, 13));  // the same millisecond
    EXPECT_NE(a, NewUuidV7(t0));                              // random after it
    std::string bytes = TimeOrderedRandomBytes(t0);
    ASSERT_EQ(bytes.size(), 16u);
    EXPECT_LT(bytes.substr(0, 6), TimeOrderedRandomBytes(t0 + std::chrono::milliseconds(1)));
}

TEST(Random, TimeOrderedIdsOfOneMillisecondAreDistinctAcrossThreads) {
    const Timestamp t0 = Timestamp(std::chrono::milliseconds(1'795'000'000'000));
    std::set<std::string> seen;
    for (int i = 0; i < 10000; ++i) {
        EXPECT_TRUE(seen.insert(TimeOrderedRandomBytes(t0)).second);
    }
    // Another thread has a generator of its own, seeded apart: no repeats of this one's.
    std::vector<std::string> other;
    std::thread([&] {
        for (int i = 0; i < 10000; ++i) {
            other.push_back(TimeOrderedRandomBytes(t0));
        }
    }).join();
    for (const auto& b : other) {
        EXPECT_TRUE(seen.insert(b).second);
    }
}

TEST(Random, UuidsAndTokensHaveTheirShapes) {
    std::string u = NewUuid();
    EXPECT_TRUE(IsUuid(u));
    EXPECT_EQ(u[14], '4');
    EXPECT_FALSE(IsUuid("not-a-uuid"));
    EXPECT_NE(NewUuid(), NewUuid());
    EXPECT_EQ(u[14], '4');
    std::string d = RandomDigits(15);
    EXPECT_EQ(d.size(), 15u);
    EXPECT_NE(d[0], '0');
    EXPECT_EQ(RandomToken(40).size(), 40u);
}

TEST(SecretBoxDeriveKey, DependsOnThePurposeAndTheKey) {
    auto a = SecretBox::Create(std::string(32, 'a'));
    auto b = SecretBox::Create(std::string(32, 'b'));
    ASSERT_TRUE(a && b);
    EXPECT_EQ(a->DeriveKey("media"), a->DeriveKey("media"));
    EXPECT_NE(a->DeriveKey("media"), a->DeriveKey("other"));
    EXPECT_NE(a->DeriveKey("media"), b->DeriveKey("media"));
    EXPECT_EQ(a->DeriveKey("media").size(), 64u);
}

}  // namespace
}  // namespace wharf
