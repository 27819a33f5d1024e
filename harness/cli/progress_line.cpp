#include "harness/cli/progress_line.h"

#include "harness/io/terminal.h"

#include <cstdio>
#include <fmt/format.h>
#include <unistd.h>

namespace evsim {

namespace {
constexpr std::size_t kShowMemoryFrom = std::size_t{64} << 20;
}

ProgressLine::ProgressLine() : m_enabled(isatty(STDERR_FILENO) == 1) {}

ProgressLine::~ProgressLine() {
    clear();
}

void ProgressLine::update(const RunProgress& p) {
    if (!m_enabled || p.wallSeconds < 1.0) {
        return;
    }
    const double percent = p.end.nanos() > 0 ? 100.0 * static_cast<double>(p.now.nanos()) /
                                                   static_cast<double>(p.end.nanos())
                                             : 100.0;
    std::string line =
        fmt::format("  running: {} of {} virtual ({:.0f}%), {} events", formatDurationShort(p.now),
                    formatDurationShort(p.end), percent, p.events);
    if (p.memoryBytes >= kShowMemoryFrom) {
        line += fmt::format(", holding {}", formatBytes(p.memoryBytes));
    }
    line += fmt::format(", {:.1f}s", p.wallSeconds);
    std::fprintf(stderr, "\r\033[K%s", line.c_str());
    m_shown = true;
}

void ProgressLine::clear() {
    if (m_shown) {
        std::fputs("\r\033[K", stderr);
        m_shown = false;
    }
}

} // namespace evsim
