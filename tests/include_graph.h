#pragma once
// The includes of a source tree, read from its files: what the layering tests hold to their
// rules.
#include <algorithm>
#include <filesystem>
#include <fstream>
#include <string>
#include <tuple>
#include <vector>

namespace evsim::layering {

struct Include {
    std::string file; // relative to the tree read ("engine/simulation.cpp")
    int line = 0;
    std::string text; // the whole line: #include "simulator/kernel/sim_time.h"

    // What a quoted include names ("simulator/kernel/sim_time.h"); "" for <system> headers.
    std::string target() const {
        const std::size_t open = text.find('"');
        return open == std::string::npos
                   ? std::string()
                   : text.substr(open + 1, text.find('"', open + 1) - open - 1);
    }
};

// Every #include line of the .h and .cpp files under `root`, in file and line order; `files`
// counts the files read.
inline std::vector<Include> includesOf(const std::filesystem::path& root, std::size_t& files) {
    std::vector<Include> out;
    for (const auto& entry : std::filesystem::recursive_directory_iterator(root)) {
        const std::string name = entry.path().filename().string();
        if (!name.ends_with(".h") && !name.ends_with(".cpp")) {
            continue;
        }
        ++files;
        std::ifstream in(entry.path());
        std::string line;
        int number = 0;
        while (std::getline(in, line)) {
            ++number;
            if (line.starts_with("#include")) {
                out.push_back(
                    {std::filesystem::relative(entry.path(), root).string(), number, line});
            }
        }
    }
    std::sort(out.begin(), out.end(), [](const Include& a, const Include& b) {
        return std::tie(a.file, a.line) < std::tie(b.file, b.line);
    });
    return out;
}

// The first folder of a relative path ("engine" for "engine/simulation.h"); "" for none.
inline std::string firstFolder(const std::string& relativePath) {
    const std::size_t slash = relativePath.find('/');
    return slash == std::string::npos ? "" : relativePath.substr(0, slash);
}

} // namespace evsim::layering
