#pragma once

#include "gui/app/command_line.h"

namespace evsim::gui {

class MainWindow;
class SessionController;

// Renders what `line` asks (the window or one view, at a time of the run, at a size) to its
// screenshot path, offscreen, after running the scenario to its end. Prints where the picture
// went, or why there is none; returns the exit status (0, 1 for a write error, 2 for a file
// that does not load).
int takeScreenshot(MainWindow& window, SessionController& controller, const CommandLine& line);

} // namespace evsim::gui
