#pragma once

#include <filesystem>
#include <memory>
#include <string>

#include <gtest/gtest.h>

#include "app/application.h"
#include "config/config.h"
#include "store/store.h"
#include "tests/integration/test_client.h"

namespace wharf::testing {

// Starts the real Application on 127.0.0.1:0 with a fresh temporary data dir (SQLite file,
// secret key) and a fixed bootstrap API key, for one test. Also opens a second handle on the
// same database (as the CLI would) to create other projects and look at what was stored.
class ServerFixture : public ::testing::Test {
protected:
    static constexpr const char* kKey = "wharf_test_bootstrap_key_0123456789";

    void SetUp() override;
    void TearDown() override;

    // Restarts the server on the same data dir (a clean stop, then a new Application).
    void Restart();
    // A second project with its own key, made through the admin path.
    std::string CreateOtherProjectKey(const std::string& name = "other");
    // The Store on the server's database file (a separate connection pool).
    store::Store& Db();
    // POSTs a customer and returns its id.
    std::string CreateCustomer(const std::string& name, const std::string& key = kKey);

    config::Config config_;
    std::filesystem::path dir_;
    std::unique_ptr<app::Application> app_;
    std::unique_ptr<TestClient> client_;
    std::unique_ptr<store::Store> db_;
};

}  // namespace wharf::testing
