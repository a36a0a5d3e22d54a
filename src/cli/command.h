#pragma once

#include <map>
#include <memory>
#include <string>
#include <vector>

namespace wharf::cli {

// One `wharf <name>` subcommand (drogon_ctl's CommandHandler). Run returns the exit code.
class Command {
public:
    virtual ~Command() = default;
    virtual std::string Name() const = 0;
    virtual std::string Summary() const = 0;
    virtual std::string Help() const = 0;
    virtual int Run(const std::vector<std::string>& args) = 0;
};

std::unique_ptr<Command> MakeServeCommand();
std::unique_ptr<Command> MakeProjectsCommand();
std::unique_ptr<Command> MakeApiKeysCommand();

// Splits `args` into the flags this command owns (--name value / --name=value) and the rest,
// which go to the configuration loader (--data-dir, --database, ...).
struct SplitArgs {
    std::map<std::string, std::string> own;
    std::vector<std::string> rest;
    std::vector<std::string> problems;
};
SplitArgs SplitCommandArgs(const std::vector<std::string>& args,
                           const std::vector<std::string>& own_flags);

}  // namespace wharf::cli
