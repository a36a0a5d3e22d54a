#include <iostream>

#include "cli/command.h"

// `wharf <command> [flags]`: dispatches to one Command; nothing else lives here.
int main(int argc, char** argv) {
    using wharf::cli::Command;
    std::vector<std::unique_ptr<Command>> commands;
    commands.push_back(wharf::cli::MakeServeCommand());
    commands.push_back(wharf::cli::MakeProjectsCommand());
    commands.push_back(wharf::cli::MakeApiKeysCommand());

    std::vector<std::string> args(argv + 1, argv + argc);
    auto usage = [&](std::ostream& out) {
        out << "wharf: a self-hosted WhatsApp Business platform (Kapso-compatible API)\n\n"
               "usage: wharf <command> [flags]\n\ncommands:\n";
        for (const auto& c : commands) {
            std::string name = c->Name();
            out << "  " << name << std::string(name.size() < 12 ? 12 - name.size() : 1, ' ')
                << c->Summary() << "\n";
        }
        out << "\n`wharf <command> --help` describes a command.\n";
    };
    if (args.empty() || args[0] == "--help" || args[0] == "-h" || args[0] == "help") {
        usage(std::cout);
        return args.empty() ? 2 : 0;
    }
    if (args[0] == "--version" || args[0] == "version") {
        std::cout << "wharf 0.1.0\n";
        return 0;
    }
    for (const auto& c : commands) {
        if (c->Name() == args[0]) {
            std::vector<std::string> rest(args.begin() + 1, args.end());
            for (const auto& a : rest) {
                if (a == "--help" || a == "-h") {
                    std::cout << c->Help();
                    return 0;
                }
            }
            return c->Run(rest);
        }
    }
    std::cerr << "wharf: unknown command '" << args[0] << "'\n\n";
    usage(std::cerr);
    return 2;
}
