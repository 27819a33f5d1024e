#pragma once

#include <optional>
#include <string>
#include <vector>

namespace evsim {

// What went wrong while reading an input file, located precisely enough for an editor to jump
// there. Line and column are 1-based; 0 means unknown (for example a file that cannot be read).
struct LoadError {
    std::string file;
    int line = 0;
    int column = 0;
    std::string jsonPath; // "$.services[1].consumes[0].prefetch"; empty for syntax errors
    std::string message;
    std::string hint; // "did you mean \"prefetch\"?"; may be empty

    // "file:line:col: error: message (at $.path)" and, when there is a hint, a second line
    // "  hint: ...". No trailing newline.
    std::string format() const;
};

// Every error, one format() block per line group, each ending in a newline.
std::string formatErrors(const std::vector<LoadError>& errors);

// A value, or the reasons there is none. Never both.
template <typename T> struct LoadResult {
    std::optional<T> value;
    std::vector<LoadError> errors;
    bool ok() const { return value.has_value(); }
};

} // namespace evsim
