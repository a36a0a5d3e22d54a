#include <iostream>

#include <boost/json.hpp>

#include "app/store_factory.h"
#include "base/clock.h"
#include "cli/command.h"
#include "config/load_config.h"
#include "service/project_service.h"

namespace wharf::cli {

SplitArgs SplitCommandArgs(const std::vector<std::string>& args,
                           const std::vector<std::string>& own_flags) {
    SplitArgs out;
    for (size_t i = 0; i < args.size(); ++i) {
        std::string a = args[i], name, value;
        bool inline_value = false;
        if (a.rfind("--", 0) == 0) {
            name = a.substr(2);
            if (auto eq = name.find('='); eq != std::string::npos) {
                value = name.substr(eq + 1);
                name = name.substr(0, eq);
                inline_value = true;
            }
        }
        bool own = false;
        for (const auto& f : own_flags) {
            own = own || f == name;
        }
        if (!own) {
            out.rest.push_back(a);
            continue;
        }
        if (!inline_value) {
            if (i + 1 >= args.size()) {
                out.problems.push_back("--" + name + " needs a value");
                continue;
            }
            value = args[++i];
        }
        out.own[name] = value;
    }
    return out;
}

namespace {

// Shared by the admin commands: the store the configuration names, opened directly (works while
// a server runs on the same database: SQLite WAL and busy timeouts serialise the writers).
struct AdminContext {
    std::unique_ptr<store::Store> store;
    std::unique_ptr<SystemClock> clock = std::make_unique<SystemClock>();  // stable address
    std::unique_ptr<service::ProjectService> projects;
};

Result<AdminContext> OpenAdmin(const std::vector<std::string>& config_args) {
    WHARF_ASSIGN_OR_RETURN(auto cfg, config::LoadConfig(config_args, config::WharfEnvironment()));
    AdminContext ctx;
    WHARF_ASSIGN_OR_RETURN(ctx.store, app::OpenStore(cfg.database, 1));
    ctx.projects = std::make_unique<service::ProjectService>(*ctx.store, *ctx.clock);
    return ctx;
}

int Report(const Error& e, const std::string& command) {
    std::cerr << "wharf " << command << ": " << e.message << "\n";
    return e.code == ErrorCode::kInvalidArgument ? 2 : 1;
}

void PrintKey(const service::IssuedKey& k) {
    std::cout << boost::json::serialize(boost::json::object{{"project_id", k.project_id.value()},
                                                            {"api_key_id", k.api_key_id.value()},
                                                            {"api_key", k.api_key}})
              << "\n";
}

class ProjectsCommand final : public Command {
public:
    std::string Name() const override { return "projects"; }
    std::string Summary() const override { return "create projects"; }
    std::string Help() const override {
        return "usage: wharf projects create --name NAME [--data-dir DIR] [--database URL]\n\n"
               "Creates a project and its first API key; prints "
               "{\"project_id\",\"api_key_id\",\"api_key\"}.\n"
               "The key is shown only here. Works while a server runs on the same database.\n";
    }
    int Run(const std::vector<std::string>& args) override {
        if (args.empty() || args[0] != "create") {
            std::cerr << Help();
            return 2;
        }
        SplitArgs s = SplitCommandArgs({args.begin() + 1, args.end()}, {"name"});
        if (!s.problems.empty() || !s.own.count("name")) {
            std::cerr << "wharf projects create: --name is required\n";
            return 2;
        }
        auto ctx = OpenAdmin(s.rest);
        if (!ctx) {
            return Report(ctx.error(), "projects create");
        }
        auto key = ctx->projects->CreateProject(s.own["name"]);
        if (!key) {
            return Report(key.error(), "projects create");
        }
        PrintKey(*key);
        return 0;
    }
};

class ApiKeysCommand final : public Command {
public:
    std::string Name() const override { return "api-keys"; }
    std::string Summary() const override { return "create and revoke API keys"; }
    std::string Help() const override {
        return "usage: wharf api-keys create --project PROJECT_ID [--name NAME] [--data-dir DIR] "
               "[--database URL]\n"
               "       wharf api-keys revoke (--api-key KEY | --project PROJECT_ID --id KEY_ID) "
               "[--data-dir DIR] [--database URL]\n\n"
               "create prints {\"project_id\",\"api_key_id\",\"api_key\"}; the key is shown only "
               "here.\nrevoke takes effect on the next request, also on a running server.\n";
    }
    int Run(const std::vector<std::string>& args) override {
        if (args.empty() || (args[0] != "create" && args[0] != "revoke")) {
            std::cerr << Help();
            return 2;
        }
        SplitArgs s =
            SplitCommandArgs({args.begin() + 1, args.end()}, {"project", "name", "id", "api-key"});
        if (!s.problems.empty()) {
            std::cerr << "wharf api-keys: " << s.problems.front() << "\n";
            return 2;
        }
        if (args[0] == "create" && !s.own.count("project")) {
            std::cerr << "wharf api-keys create: --project is required\n";
            return 2;
        }
        if (args[0] == "revoke" && !s.own.count("api-key") &&
            !(s.own.count("project") && s.own.count("id"))) {
            std::cerr << "wharf api-keys revoke: give --api-key, or --project and --id\n";
            return 2;
        }
        auto ctx = OpenAdmin(s.rest);
        if (!ctx) {
            return Report(ctx.error(), "api-keys");
        }
        if (args[0] == "create") {
            std::string name = s.own.count("name") ? s.own["name"] : "cli";
            auto key = ctx->projects->CreateApiKey(ProjectId(s.own["project"]), name);
            if (!key) {
                return Report(key.error(), "api-keys create");
            }
            PrintKey(*key);
            return 0;
        }
        Result<void> revoked;
        std::string project = s.own["project"], id = s.own["id"];
        if (s.own.count("api-key")) {
            auto k = ctx->projects->RevokeApiKeyByText(s.own["api-key"]);
            if (k) {
                project = k->project_id.value();
                id = k->id.value();
            } else {
                revoked = Fail(k.error());
            }
        } else {
            revoked = ctx->projects->RevokeApiKey(ProjectId(project), ApiKeyId(id));
        }
        if (!revoked) {
            return Report(revoked.error(), "api-keys revoke");
        }
        std::cout << boost::json::serialize(boost::json::object{
                         {"project_id", project}, {"api_key_id", id}, {"revoked", true}})
                  << "\n";
        return 0;
    }
};

}  // namespace

std::unique_ptr<Command> MakeProjectsCommand() {
    return std::make_unique<ProjectsCommand>();
}
std::unique_ptr<Command> MakeApiKeysCommand() {
    return std::make_unique<ApiKeysCommand>();
}

}  // namespace wharf::cli
