#include "http/open_file.h"

#include <filesystem>
#include <fstream>
#include <string>

#include <gtest/gtest.h>
#include <unistd.h>

namespace wharf::http {
namespace {

namespace fs = std::filesystem;

// A fresh directory under the system temp dir, removed with everything in it.
class OpenFileTest : public ::testing::Test {
protected:
    void SetUp() override {
        dir_ = fs::temp_directory_path() /
               ("wharf-open-file-test-" + std::to_string(::getpid()) + "-" +
                ::testing::UnitTest::GetInstance()->current_test_info()->name());
        fs::remove_all(dir_);
        fs::create_directories(dir_);
    }
    void TearDown() override { fs::remove_all(dir_); }

    std::string Write(const std::string& name, const std::string& content) {
        std::string path = (dir_ / name).string();
        std::ofstream(path, std::ios::binary) << content;
        return path;
    }

    fs::path dir_;
};

TEST_F(OpenFileTest, ReadsAtAnyOffsetAndKnowsItsSize) {
    auto f = OpenFile::Open(Write("a", "hello, world"));
    ASSERT_TRUE(f) << f.error().message;
    EXPECT_EQ((*f)->Size(), 12u);
    char buf[16];
    auto n = (*f)->ReadAt(7, buf, sizeof buf);
    ASSERT_TRUE(n);
    EXPECT_EQ(std::string(buf, *n), "world");
    n = (*f)->ReadAt(0, buf, 5);
    ASSERT_TRUE(n);
    EXPECT_EQ(std::string(buf, *n), "hello");
    n = (*f)->ReadAt(12, buf, sizeof buf);
    ASSERT_TRUE(n);
    EXPECT_EQ(*n, 0u);
}

TEST_F(OpenFileTest, StaysReadableAfterTheFileIsUnlinked) {
    std::string path = Write("gone", "still here");
    auto f = OpenFile::Open(path);
    ASSERT_TRUE(f);
    fs::remove(path);
    char buf[32];
    auto n = (*f)->ReadAt(0, buf, sizeof buf);
    ASSERT_TRUE(n);
    EXPECT_EQ(std::string(buf, *n), "still here");
}

TEST_F(OpenFileTest, MissingFileIsNotFound) {
    auto f = OpenFile::Open((dir_ / "nothing").string());
    ASSERT_FALSE(f);
    EXPECT_EQ(f.error().code, ErrorCode::kNotFound);
    f = OpenFile::Open((dir_ / "nothing" / "below").string());
    ASSERT_FALSE(f);
    EXPECT_EQ(f.error().code, ErrorCode::kNotFound);
}

TEST_F(OpenFileTest, DirectoryIsRefused) {
    auto f = OpenFile::Open(dir_.string());
    ASSERT_FALSE(f);
    EXPECT_EQ(f.error().code, ErrorCode::kInvalidArgument);
}

}  // namespace
}  // namespace wharf::http
