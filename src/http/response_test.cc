#include "http/response.h"

#include <filesystem>
#include <fstream>
#include <string>

#include <gtest/gtest.h>
#include <unistd.h>

namespace wharf::http {
namespace {

TEST(Response, InMemoryResponsesAreUnchanged) {
    Response r = Response::Json(201, "{}");
    EXPECT_EQ(r.status, 201);
    ASSERT_NE(r.FindHeader("content-type"), nullptr);
    EXPECT_EQ(*r.FindHeader("Content-Type"), "application/json");
    EXPECT_EQ(r.body, "{}");
    EXPECT_EQ(r.file, nullptr);
    EXPECT_EQ(r.FileSize(), 0u);
    EXPECT_EQ(r.BodySize(), 2u);
    r.SetHeader("content-type", "text/plain");
    EXPECT_EQ(r.headers.size(), 1u);
    EXPECT_EQ(Response::NoContent().BodySize(), 0u);
}

class ResponseFileTest : public ::testing::Test {
protected:
    void SetUp() override {
        path_ = (std::filesystem::temp_directory_path() /
                 ("wharf-response-test-" + std::to_string(::getpid())))
                    .string();
        std::ofstream(path_, std::ios::binary) << std::string(1000, 'z');
    }
    void TearDown() override { std::filesystem::remove(path_); }

    std::string path_;
};

TEST_F(ResponseFileTest, OpensTheFileAndRecordsItsSize) {
    auto r = Response::File(200, path_, "video/mp4");
    ASSERT_TRUE(r) << r.error().message;
    EXPECT_EQ(r->status, 200);
    ASSERT_NE(r->file, nullptr);
    EXPECT_EQ(r->FileSize(), 1000u);
    EXPECT_EQ(r->BodySize(), 1000u);
    EXPECT_TRUE(r->body.empty());
    ASSERT_NE(r->FindHeader("Content-Type"), nullptr);
    EXPECT_EQ(*r->FindHeader("Content-Type"), "video/mp4");
}

TEST_F(ResponseFileTest, CopiesShareTheOpenFileWhichOutlivesThePath) {
    auto r = Response::File(200, path_, "application/octet-stream");
    ASSERT_TRUE(r);
    Response copy = *r;
    std::filesystem::remove(path_);
    EXPECT_EQ(copy.file, r->file);
    char buf[8];
    auto n = copy.file->ReadAt(992, buf, sizeof buf);
    ASSERT_TRUE(n);
    EXPECT_EQ(std::string(buf, *n), "zzzzzzzz");
}

TEST_F(ResponseFileTest, MissingFileIsNotFound) {
    auto r = Response::File(200, path_ + ".missing", "text/plain");
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().code, ErrorCode::kNotFound);
}

}  // namespace
}  // namespace wharf::http
