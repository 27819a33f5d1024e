#pragma once

#include <string>
#include <vector>

namespace evsim {

enum class SuiteItemKind {
    Scenario,  // *.json: run with its expectations
    Recording, // *.evrec: replayed, its digest checked, and its scenario's expectations
};

struct SuiteItem {
    std::string path; // normalised, '/'-separated, as found under the path the user gave
    SuiteItemKind kind = SuiteItemKind::Scenario;
};

struct SuiteFiles {
    std::vector<SuiteItem> items;    // sorted by path (byte order), each path once
    std::vector<std::string> errors; // one line each: a path that does not exist, ...
};

// The scenarios and recordings under `paths` (files or directories, searched recursively),
// sorted by path so that the order, and so every shard, is the same on every machine.
// In directories: *.json except *.layout.json (the desktop app's layout side files) and
// *.evrec; hidden directories (.git, ...) are not entered and symbolic links to directories
// are not followed. A file named directly must be a .json or .evrec file. What cannot be
// searched (a missing path, an unreadable directory) is an error, and so is finding nothing.
SuiteFiles collectSuiteFiles(const std::vector<std::string>& paths);

} // namespace evsim
