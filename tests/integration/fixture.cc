#include "tests/integration/fixture.h"

#include "app/store_factory.h"
#include "base/clock.h"
#include "base/random.h"
#include "service/project_service.h"

namespace wharf::testing {

void ServerFixture::SetUp() {
    dir_ = std::filesystem::temp_directory_path() / ("wharf-it-" + RandomToken(12));
    std::filesystem::create_directories(dir_);
    config_.listen_host = "127.0.0.1";
    config_.listen_port = 0;
    config_.data_dir = dir_.string();
    config_.database = "sqlite:" + (dir_ / "wharf.db").string();
    config_.threads = 2;
    config_.access_log = false;
    config_.bootstrap_api_key = kKey;
    config_.max_json_body_bytes = 64 * 1024;
    config_.api_key_cache_ms = 0;
    config_.template_review_delay_ms = 50;  // the sandbox reviewer decides quickly in tests
    config_.meta_app_secret = "test-app-secret";
    config_.meta_verify_token =
        "test-verify-token";  // revocations by the test's own store handle apply at once
    auto app = app::Application::Create(config_);
    ASSERT_TRUE(app) << app.error().message;
    app_ = std::move(*app);
    auto started = app_->Start();
    ASSERT_TRUE(started) << started.error().message;
    client_ = std::make_unique<TestClient>(app_->Port());
}

void ServerFixture::TearDown() {
    db_.reset();
    app_.reset();
    std::error_code ec;
    std::filesystem::remove_all(dir_, ec);
}

void ServerFixture::Restart() {
    app_.reset();
    auto app = app::Application::Create(config_);
    ASSERT_TRUE(app) << app.error().message;
    app_ = std::move(*app);
    ASSERT_TRUE(app_->Start());
    client_ = std::make_unique<TestClient>(app_->Port());
}

store::Store& ServerFixture::Db() {
    if (!db_) {
        auto s = app::OpenStore(config_.database, 2);
        EXPECT_TRUE(s);
        db_ = std::move(*s);
    }
    return *db_;
}

std::string ServerFixture::CreateOtherProjectKey(const std::string& name) {
    SystemClock clock;
    service::ProjectService projects(Db(), clock);
    auto k = projects.CreateProject(name);
    EXPECT_TRUE(k);
    return k->api_key;
}

std::string ServerFixture::CreateCustomer(const std::string& name, const std::string& key) {
    auto r = client_->Post("/platform/v1/customers",
                           boost::json::serialize(boost::json::object{
                               {"customer", boost::json::object{{"name", name}}}}),
                           key);
    EXPECT_EQ(r.status, 201) << r.body;
    return std::string(r.Json().at("data").at("id").as_string());
}

}  // namespace wharf::testing
