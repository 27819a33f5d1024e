#pragma once

#include "run/runner.h"

#include <cstddef>
#include <string>
#include <string_view>

namespace evsim {

// "4 GiB", "512 MiB", "1.5 KiB", "12 B": bytes for people.
std::string formatBytes(std::size_t bytes);

// Columns a UTF-8 text takes on a terminal: one per code point (wide East Asian characters
// are counted as one; names with them may misalign a column, never break it).
std::size_t displayWidth(std::string_view text);
// `text` followed by spaces up to `width` columns.
std::string padRight(std::string_view text, std::size_t width);

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
