#include "io/terminal.h"

#include <array>
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

std::string formatBytes(std::size_t bytes) {
    static constexpr std::array<std::string_view, 5> kUnits{"B", "KiB", "MiB", "GiB", "TiB"};
    double value = static_cast<double>(bytes);
    std::size_t unit = 0;
    while (value >= 1024 && unit + 1 < kUnits.size()) {
        value /= 1024;
        ++unit;
    }
    if (unit == 0) {
        return fmt::format("{} B", bytes);
    }
    return value == static_cast<double>(static_cast<std::uint64_t>(value))
               ? fmt::format("{} {}", static_cast<std::uint64_t>(value), kUnits[unit])
               : fmt::format("{:.1f} {}", value, kUnits[unit]);
}

std::size_t displayWidth(std::string_view text) {
    std::size_t width = 0;
    for (const char c : text) {
        width += (static_cast<unsigned char>(c) & 0xC0) != 0x80 ? 1 : 0;
    }
    return width;
}

std::string padRight(std::string_view text, std::size_t width) {
    std::string out(text);
    const std::size_t w = displayWidth(text);
    if (w < width) {
        out.append(width - w, ' ');
    }
    return out;
}

} // namespace evsim
