#pragma once

#include <functional>

namespace CLI {
class App;
}

namespace evsim {

// One `evsim` command as the parser knows it: each command file registers its own subcommand
// and options (addRunCommand, addSweepCommand, ...) and says what runs once it was the one
// given, so the parser itself lists commands and nothing else.
struct Command {
    CLI::App* parser = nullptr; // the subcommand, holding the options it registered
    std::function<int()> run;   // the exit code
};

} // namespace evsim
