#pragma once

#include <filesystem>
#include <memory>

#include <gtest/gtest.h>

#include "base/random.h"
#include "base/secret_box.h"
#include "base/testing/fake_clock.h"
#include "service/project_service.h"
#include "store/sqlite/sqlite_store.h"
#include "upstream/sandbox/sandbox_upstream.h"

namespace wharf::service::testing {

// A real SQLite store in a fresh temporary directory, a fake clock and a secret box: what every
// service test starts from. Removes the directory when destroyed.
struct ServiceTestEnv {
    ServiceTestEnv()
        : dir(std::filesystem::temp_directory_path() / ("wharf-svc-" + RandomToken(12))),
          box(*SecretBox::Create(RandomBytes(32))) {
        std::filesystem::create_directories(dir);
        store::sqlite::SqliteOptions opts;
        opts.path = (dir / "t.db").string();
        store = std::move(*store::sqlite::SqliteStore::Open(opts));
    }
    ~ServiceTestEnv() {
        store.reset();
        std::error_code ec;
        std::filesystem::remove_all(dir, ec);
    }

    // The project a first start creates, with its sandbox number and WABA.
    struct SandboxProject {
        ProjectId project;
        PhoneNumberId number;
        BusinessAccountId waba;
    };
    Result<SandboxProject> BootstrapSandbox() {
        ProjectService projects(*store, clock);
        upstream::SandboxUpstream sandbox;
        WHARF_ASSIGN_OR_RETURN(auto boot, projects.Bootstrap(&sandbox, std::nullopt));
        return SandboxProject{boot.project_id, *boot.sandbox_phone_number_id,
                              *boot.sandbox_business_account_id};
    }

    std::filesystem::path dir;
    std::unique_ptr<store::sqlite::SqliteStore> store;
    wharf::testing::FakeClock clock;
    SecretBox box;
};

// A fixture on a ServiceTestEnv whose project was bootstrapped with its sandbox number and WABA.
// A fixture that needs more calls SandboxServiceTest::SetUp() first.
class SandboxServiceTest : public ::testing::Test {
protected:
    void SetUp() override {
        auto boot = env_.BootstrapSandbox();
        ASSERT_TRUE(boot);
        project_ = boot->project;
        number_ = boot->number;
        waba_ = boot->waba;
    }

    ServiceTestEnv env_;
    ProjectId project_;
    PhoneNumberId number_;
    BusinessAccountId waba_;
};

}  // namespace wharf::service::testing
