#pragma once

#include "harness/run/runner.h"

namespace evsim {

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
