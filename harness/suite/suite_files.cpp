#include "harness/suite/suite_files.h"

#include "simulator/scenario/printable.h"

#include <algorithm>
#include <filesystem>
#include <optional>
#include <string_view>
#include <system_error>

namespace fs = std::filesystem;

namespace evsim {
namespace {

bool endsWith(const std::string& text, std::string_view end) {
    return text.size() >= end.size() &&
           text.compare(text.size() - end.size(), end.size(), end) == 0;
}

// The kind of a file by its name, or nothing for a file the suite does not run.
std::optional<SuiteItemKind> kindOf(const std::string& name) {
    if (endsWith(name, ".evrec")) {
        return SuiteItemKind::Recording;
    }
    if (endsWith(name, ".json") && !endsWith(name, ".layout.json")) {
        return SuiteItemKind::Scenario;
    }
    return std::nullopt;
}

std::string normalised(const fs::path& path) {
    return path.lexically_normal().generic_string();
}

void searchDirectory(const std::string& root, SuiteFiles& out) {
    std::error_code error;
    fs::recursive_directory_iterator it(root, error);
    if (error) {
        out.errors.push_back("cannot search " + printable(root) + ": " + error.message());
        return;
    }
    for (const fs::recursive_directory_iterator end; it != end; it.increment(error)) {
        if (error) {
            out.errors.push_back("cannot search " + printable(root) + ": " + error.message());
            return;
        }
        const fs::directory_entry& entry = *it;
        const std::string name = entry.path().filename().string();
        std::error_code typeError;
        if (entry.is_directory(typeError)) {
            if (!name.empty() && name.front() == '.') {
                it.disable_recursion_pending();
            }
            continue;
        }
        if (const auto kind = kindOf(name); kind && entry.is_regular_file(typeError)) {
            out.items.push_back(SuiteItem{normalised(entry.path()), *kind});
        }
    }
}

} // namespace

SuiteFiles collectSuiteFiles(const std::vector<std::string>& paths) {
    SuiteFiles out;
    for (const std::string& path : paths) {
        std::error_code error;
        const fs::file_status status = fs::status(path, error);
        if (error || !fs::exists(status)) {
            out.errors.push_back(printable(path) + ": no such file or directory");
        } else if (fs::is_directory(status)) {
            const std::size_t before = out.items.size();
            searchDirectory(path, out);
            if (out.items.size() == before) {
                out.errors.push_back(printable(path) +
                                     ": no scenarios (.json) or recordings (.evrec) in it");
            }
        } else if (const auto kind = kindOf(fs::path(path).filename().string())) {
            out.items.push_back(SuiteItem{normalised(path), *kind});
        } else {
            out.errors.push_back(printable(path) +
                                 ": neither a scenario (.json) nor a recording (.evrec)");
        }
    }
    std::sort(out.items.begin(), out.items.end(),
              [](const SuiteItem& a, const SuiteItem& b) { return a.path < b.path; });
    out.items.erase(
        std::unique(out.items.begin(), out.items.end(),
                    [](const SuiteItem& a, const SuiteItem& b) { return a.path == b.path; }),
        out.items.end());
    return out;
}

} // namespace evsim
