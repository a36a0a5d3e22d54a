#include <csignal>
#include <iostream>

#include "app/application.h"
#include "base/log.h"
#include "cli/command.h"
#include "config/load_config.h"

namespace wharf::cli {
namespace {

class ServeCommand final : public Command {
public:
    std::string Name() const override { return "serve"; }
    std::string Summary() const override { return "run the HTTP server"; }
    std::string Help() const override {
        return "usage: wharf serve [flags]\n\n"
               "Runs the Platform API, the Meta-compatible proxy and the hosted onboarding pages.\n"
               "Flags beat WHARF_* environment variables, which beat the defaults.\n\n" +
               config::ServeFlagsHelp();
    }

    int Run(const std::vector<std::string>& args) override {
        auto cfg = config::LoadConfig(args, config::WharfEnvironment());
        if (!cfg) {
            std::cerr << "wharf serve: " << cfg.error().message << "\n";
            return 2;
        }
        SetLogLevel(cfg->log_level);
        // Block the stop signals before any thread starts, so that only sigwait below sees them.
        sigset_t set;
        sigemptyset(&set);
        sigaddset(&set, SIGINT);
        sigaddset(&set, SIGTERM);
        pthread_sigmask(SIG_BLOCK, &set, nullptr);
        std::signal(SIGPIPE, SIG_IGN);

        auto app = app::Application::Create(*cfg);
        if (!app) {
            std::cerr << "wharf serve: " << app.error().message << "\n";
            return 1;
        }
        if (auto started = (*app)->Start(); !started) {
            std::cerr << "wharf serve: " << started.error().message << "\n";
            return 1;
        }
        std::cout << (*app)->Banner() << std::flush;
        int sig = 0;
        sigwait(&set, &sig);
        log::Info(std::string("received ") + (sig == SIGINT ? "SIGINT" : "SIGTERM") +
                  ": finishing in-flight requests");
        (*app)->Stop();
        (*app)->Wait();
        app->reset();  // closes the database cleanly
        log::Info("stopped");
        return 0;
    }

private:
    static void SetLogLevel(const std::string& level) {
        log::SetThreshold(level == "debug"   ? log::Level::kDebug
                          : level == "warn"  ? log::Level::kWarn
                          : level == "error" ? log::Level::kError
                                             : log::Level::kInfo);
    }
};

}  // namespace

std::unique_ptr<Command> MakeServeCommand() {
    return std::make_unique<ServeCommand>();
}

}  // namespace wharf::cli
