#pragma once

#include "run/runner.h"

#include <cstddef>
#include <string>

namespace evsim {

// "4 GiB", "512 MiB", "1.5 KiB", "12 B": bytes for people.
std::string formatBytes(std::size_t bytes);

// A progress line on stderr, redrawn in place, shown only when stderr is a terminal and the
// run has taken over a second (long enough for someone to wonder whether it is stuck). It
// shows how much memory the run holds once that is large, so a run that keeps growing is seen
// growing. Cleared when destroyed.
class ProgressLine {
public:
    ProgressLine();
    ~ProgressLine();
    ProgressLine(const ProgressLine&) = delete;
    ProgressLine& operator=(const ProgressLine&) = delete;

    void update(const RunProgress& progress);
    void clear();

private:
    bool m_enabled;
    bool m_shown = false;
};

} // namespace evsim
