#pragma once

#include "simulator/kernel/sim_time.h"

#include <QSize>
#include <QString>
#include <optional>
#include <utility>

namespace evsim::gui {

// What `evsim-gui` was asked to do.
struct CommandLine {
    QString file; // "" shows the start page
    // Headless pictures: render and exit instead of opening a window.
    QString screenshot;
    std::optional<SimTime> at; // the cursor for the picture; default: half the run
    QString view = QStringLiteral("all");
    QSize size{1600, 1000};
    QString theme; // light, dark, system or "" (the saved choice)
    // The message the picture selects (msg-N); 0: one chosen to show something worth seeing.
    std::uint32_t select = 0;
    // A canvas node the picture brings into sight and selects, as Find Node does; "" for none.
    QString focus;
    // How the picture's canvas groups nodes ("none", "prefix", "service"); "" as last chosen.
    QString group;
    // The Routing view's question for the picture: an exchange ("" the default one) and a
    // routing key, whose route the canvas lights up (instead of a message); unset for none.
    std::optional<std::pair<QString, QString>> route;
    // Run B of the Compare view: a seed (digits) or a scenario or recording file; "" for none.
    QString compareWith;
};

// Parses the arguments (with --help and --version). On a bad option it prints the problem and
// a hint to stderr and returns the exit status in `exitCode` (2; 0 after --help).
std::optional<CommandLine> parseCommandLine(const QStringList& arguments, int& exitCode);

// Whether the arguments ask for pictures, help or the version: work without a display, checked
// before the application exists to pick the offscreen platform.
bool needsNoDisplay(int argc, char** argv);

} // namespace evsim::gui
