#include "base/sha256_stream.h"

#include <gtest/gtest.h>

#include "base/crypto.h"

namespace wharf {
namespace {

TEST(Sha256StreamTest, EmptyInputIsTheKnownDigest) {
    Sha256Stream s;
    EXPECT_EQ(s.Hex(), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
}

TEST(Sha256StreamTest, PiecesHashLikeTheWhole) {
    std::string data;
    for (int i = 0; i < 100000; ++i) {
        data.push_back(static_cast<char>(i * 7));
    }
    for (size_t piece : {1u, 63u, 64u, 65u, 4096u, 99999u}) {
        Sha256Stream s;
        for (size_t at = 0; at < data.size(); at += piece) {
            s.Update(std::string_view(data).substr(at, piece));
        }
        EXPECT_EQ(s.Hex(), Sha256Hex(data)) << piece;
    }
}

TEST(Sha256StreamTest, HexEndsTheStreamAndANewOneStarts) {
    Sha256Stream s;
    s.Update("abc");
    EXPECT_EQ(s.Hex(), Sha256Hex("abc"));
    s.Update("xyz");
    EXPECT_EQ(s.Hex(), Sha256Hex("xyz"));
}

}  // namespace
}  // namespace wharf
