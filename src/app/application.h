#pragma once

#include <memory>
#include <string>

#include "base/clock.h"
#include "base/result.h"
#include "config/config.h"
#include "service/project_service.h"

namespace wharf::app {

// The composition root: builds the store, secret box, upstream, services, API routes and HTTP
// server from a Config, and owns them all. Used by `wharf serve` and by the integration tests
// (which start it on port 0 with a temporary data dir).
// Lifetime: Create, Start, then Stop + Wait (the destructor does both). Not copyable.
class Application {
public:
    // `clock` may be null (the system clock); tests pass a fake.
    static Result<std::unique_ptr<Application>> Create(const config::Config& config,
                                                       const Clock* clock = nullptr);
    ~Application();

    // Bootstraps an empty database (project, API key, sandbox number), then starts listening.
    Result<void> Start();
    uint16_t Port() const;
    const service::BootstrapResult& Bootstrap() const;
    // The start-up banner: URLs, and on first start the API key.
    std::string Banner() const;
    void Stop();
    void Wait();

private:
    struct Impl;
    explicit Application(std::unique_ptr<Impl> impl);
    std::unique_ptr<Impl> impl_;
};

}  // namespace wharf::app
