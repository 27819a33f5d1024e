#include "simulator/scenario/loader/load_context.h"

#include "simulator/scenario/printable.h"

#include <algorithm>
#include <tuple>
#include <utility>

namespace evsim::loader {

LoadContext::LoadContext(std::string_view text, std::string file)
    : m_file(std::move(file)), m_text(text), m_map(text) {}

void LoadContext::report(Code code, SourcePosition position, std::string path, std::string message,
                         std::string hint) {
    if (m_errors.size() < kCollectedErrors) {
        m_errors.push_back({code, m_file, position.line, position.column, std::move(path),
                            printable(message), printable(hint)});
    }
}

void LoadContext::fail(Code code, const std::string& path, std::string message, std::string hint) {
    report(code, m_map.locate(path), path, std::move(message), std::move(hint));
}

void LoadContext::failAtKey(Code code, const std::string& path, std::string message,
                            std::string hint) {
    const auto key = m_map.keyAt(path);
    report(code, key ? *key : m_map.locate(path), path, std::move(message), std::move(hint));
}

std::string LoadContext::lineOf(const std::string& path) const {
    const SourcePosition p = m_map.locate(path);
    return "line " + std::to_string(p.line) + ", column " + std::to_string(p.column);
}

std::vector<LoadError> LoadContext::takeErrors() {
    // Reported in reading order; shown in file order, which is how people fix them.
    std::stable_sort(m_errors.begin(), m_errors.end(), [](const LoadError& a, const LoadError& b) {
        return std::tie(a.line, a.column) < std::tie(b.line, b.column);
    });
    if (m_errors.size() > kMaxErrors) {
        m_errors.resize(kMaxErrors);
        m_errors.push_back({Code::TooManyErrors, m_file, 0, 0, "",
                            "too many errors; stopped after " + std::to_string(kMaxErrors), ""});
    }
    return std::exchange(m_errors, {});
}

} // namespace evsim::loader
