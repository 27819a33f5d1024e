#include "scenario/load_error.h"

namespace evsim {

std::string LoadError::format() const {
    std::string out = file;
    if (line > 0) {
        out += ":" + std::to_string(line) + ":" + std::to_string(column);
    }
    out += ": error: " + message;
    if (!jsonPath.empty()) {
        out += " (at " + jsonPath + ")";
    }
    if (!hint.empty()) {
        out += "\n  hint: " + hint;
    }
    return out;
}

std::string formatErrors(const std::vector<LoadError>& errors) {
    std::string out;
    for (const LoadError& e : errors) {
        out += e.format() + "\n";
    }
    return out;
}

} // namespace evsim
