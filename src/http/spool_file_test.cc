#include "http/spool_file.h"

#include <filesystem>
#include <fstream>
#include <optional>
#include <set>
#include <string>

#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

namespace wharf::http {
namespace {

namespace fs = std::filesystem;

class SpoolFileTest : public ::testing::Test {
protected:
    void SetUp() override {
        dir_ = fs::temp_directory_path() /
               ("wharf-spool-file-test-" + std::to_string(::getpid()) + "-" +
                ::testing::UnitTest::GetInstance()->current_test_info()->name());
        fs::remove_all(dir_);
        fs::create_directories(dir_);
    }
    void TearDown() override { fs::remove_all(dir_); }

    size_t FilesInDir() const {
        return static_cast<size_t>(std::distance(fs::directory_iterator(dir_), {}));
    }

    fs::path dir_;
};

TEST_F(SpoolFileTest, CreatesAnEmptyPrivateFileAndRemovesItOnDestruction) {
    std::string path;
    {
        auto f = SpoolFile::Create(dir_.string());
        ASSERT_TRUE(f) << f.error().message;
        path = f->Path();
        EXPECT_EQ(fs::path(path).parent_path(), dir_);
        struct stat st {};
        ASSERT_EQ(::stat(path.c_str(), &st), 0);
        EXPECT_TRUE(S_ISREG(st.st_mode));
        EXPECT_EQ(st.st_mode & 0777, 0600u);
        EXPECT_EQ(st.st_size, 0);

        int fd = f->ReleaseFd();
        ASSERT_GE(fd, 0);
        EXPECT_EQ(::write(fd, "abc", 3), 3);
        ::close(fd);
        EXPECT_EQ(fs::file_size(path), 3u);
        EXPECT_EQ(f->ReleaseFd(), -1);
    }
    EXPECT_FALSE(fs::exists(path));
    EXPECT_EQ(FilesInDir(), 0u);
}

TEST_F(SpoolFileTest, ClosesAnUnreleasedDescriptorAndRemovesTheFile) {
    {
        auto f = SpoolFile::Create(dir_.string());
        ASSERT_TRUE(f);
        EXPECT_EQ(FilesInDir(), 1u);
    }
    EXPECT_EQ(FilesInDir(), 0u);
}

TEST_F(SpoolFileTest, NamesAreUniqueAndNotSequential) {
    std::set<std::string> names;
    std::vector<SpoolFile> files;
    for (int i = 0; i < 50; ++i) {
        auto f = SpoolFile::Create(dir_.string());
        ASSERT_TRUE(f);
        std::string name = fs::path(f->Path()).filename().string();
        EXPECT_EQ(name.rfind("wharf-body-", 0), 0u) << name;
        EXPECT_GE(name.size(), std::string("wharf-body-").size() + 20);
        names.insert(name);
        files.push_back(std::move(*f));
    }
    EXPECT_EQ(names.size(), 50u);
    files.clear();
    EXPECT_EQ(FilesInDir(), 0u);
}

TEST_F(SpoolFileTest, AFileRenamedAwayIsLeftAlone) {
    fs::path kept = dir_ / "kept";
    {
        auto f = SpoolFile::Create(dir_.string());
        ASSERT_TRUE(f);
        fs::rename(f->Path(), kept);
    }
    EXPECT_TRUE(fs::exists(kept));
    EXPECT_EQ(FilesInDir(), 1u);
}

TEST_F(SpoolFileTest, MovedFromObjectRemovesNothing) {
    std::optional<SpoolFile> moved;
    {
        auto f = SpoolFile::Create(dir_.string());
        ASSERT_TRUE(f);
        moved.emplace(std::move(*f));
    }
    ASSERT_TRUE(fs::exists(moved->Path()));
    std::string path = moved->Path();
    moved.reset();
    EXPECT_FALSE(fs::exists(path));
}

TEST_F(SpoolFileTest, MissingDirectoryIsAnError) {
    auto f = SpoolFile::Create((dir_ / "missing").string());
    ASSERT_FALSE(f);
    EXPECT_EQ(f.error().code, ErrorCode::kUnavailable);
}

TEST(SpoolFileDirectory, EmptyMeansTheSystemTemporaryDirectory) {
    EXPECT_EQ(SpoolFile::Directory("/var/spool/x"), "/var/spool/x");
    EXPECT_EQ(SpoolFile::Directory(""), fs::temp_directory_path().string());
}

}  // namespace
}  // namespace wharf::http
