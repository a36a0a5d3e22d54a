#include "store/disk/disk_blob_store.h"

#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>

#include <gtest/gtest.h>

#include "base/crypto.h"
#include "base/random.h"

namespace wharf::store::disk {
namespace {

namespace fs = std::filesystem;

std::string ReadFile(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

class DiskBlobStoreTest : public ::testing::Test {
protected:
    void SetUp() override {
        root_ = fs::temp_directory_path() / ("wharf-blobs-" + RandomToken(10));
        auto opened = DiskBlobStore::Open(root_.string());
        ASSERT_TRUE(opened) << opened.error().message;
        store_ = std::move(*opened);
    }
    void TearDown() override {
        store_.reset();
        std::error_code ignored;
        fs::remove_all(root_, ignored);
    }
    size_t TmpFiles() const {
        size_t n = 0;
        for ([[maybe_unused]] const auto& e : fs::directory_iterator(root_ / "tmp")) {
            ++n;
        }
        return n;
    }

    fs::path root_;
    std::unique_ptr<DiskBlobStore> store_;
};

TEST_F(DiskBlobStoreTest, WritesInPiecesAndAddressesByContent) {
    std::string data;
    for (int i = 0; i < 300000; ++i) {
        data.push_back(static_cast<char>(i % 251));
    }
    auto w = store_->Create();
    ASSERT_TRUE(w);
    for (size_t at = 0; at < data.size(); at += 65536) {
        ASSERT_TRUE((*w)->Append(std::string_view(data).substr(at, 65536)));
    }
    EXPECT_EQ((*w)->Size(), data.size());
    auto info = (*w)->Commit();
    ASSERT_TRUE(info) << info.error().message;
    EXPECT_EQ(info->sha256, Sha256Hex(data));
    EXPECT_EQ(info->size, data.size());
    auto path = store_->LocalPath(info->sha256);
    ASSERT_TRUE(path);
    EXPECT_EQ(ReadFile(*path), data);
    EXPECT_EQ(TmpFiles(), 0u);
    EXPECT_EQ(fs::status(*path).permissions() & fs::perms::all,
              fs::perms::owner_read | fs::perms::owner_write);
}

TEST_F(DiskBlobStoreTest, AWriterDroppedWithoutCommitLeavesNothing) {
    {
        auto w = store_->Create();
        ASSERT_TRUE(w);
        ASSERT_TRUE((*w)->Append("half an upload"));
        EXPECT_EQ(TmpFiles(), 1u);
    }
    EXPECT_EQ(TmpFiles(), 0u);
    EXPECT_FALSE(store_->LocalPath(Sha256Hex("half an upload")));
}

TEST_F(DiskBlobStoreTest, TheSameBytesTwiceAreOneBlob) {
    for (int i = 0; i < 2; ++i) {
        auto w = store_->Create();
        ASSERT_TRUE((*w)->Append("same"));
        ASSERT_TRUE((*w)->Commit());
    }
    int blobs = 0;
    ASSERT_TRUE(store_->ForEach([&](const std::string& sha, Timestamp) {
        EXPECT_EQ(sha, Sha256Hex("same"));
        ++blobs;
    }));
    EXPECT_EQ(blobs, 1);
}

TEST_F(DiskBlobStoreTest, AdoptMovesAFileIn) {
    fs::path staged = root_ / "staged.bin";
    std::ofstream(staged, std::ios::binary) << "resumable bytes";
    auto info = store_->Adopt(staged.string());
    ASSERT_TRUE(info) << info.error().message;
    EXPECT_EQ(info->sha256, Sha256Hex("resumable bytes"));
    EXPECT_EQ(info->size, 15u);
    EXPECT_FALSE(fs::exists(staged));
    EXPECT_EQ(ReadFile(*store_->LocalPath(info->sha256)), "resumable bytes");
}

TEST_F(DiskBlobStoreTest, RemoveAndBadAddresses) {
    auto w = store_->Create();
    ASSERT_TRUE((*w)->Append("x"));
    auto info = (*w)->Commit();
    ASSERT_TRUE(store_->Remove(info->sha256));
    EXPECT_EQ(store_->LocalPath(info->sha256).error().code, ErrorCode::kNotFound);
    EXPECT_EQ(store_->Remove(info->sha256).error().code, ErrorCode::kNotFound);
    // Addresses are checked before they become paths.
    for (std::string bad : {std::string("../../etc/passwd"), std::string(64, 'G'),
                            std::string(63, 'a'), std::string("")}) {
        EXPECT_EQ(store_->LocalPath(bad).error().code, ErrorCode::kNotFound) << bad;
        EXPECT_EQ(store_->Remove(bad).error().code, ErrorCode::kNotFound) << bad;
    }
}

TEST_F(DiskBlobStoreTest, OpenClearsWritersLeftByACrash) {
    std::ofstream(root_ / "tmp" / "crashed-upload") << "partial";
    auto reopened = DiskBlobStore::Open(root_.string());
    ASSERT_TRUE(reopened);
    EXPECT_EQ(TmpFiles(), 0u);
}

}  // namespace
}  // namespace wharf::store::disk
