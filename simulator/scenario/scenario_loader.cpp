#include "scenario/scenario_loader.h"

#include "scenario/scenario_loader_document.h"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <exception>

// Two layers: ValueReader turns JSON values into typed values and reports located errors;
// Loader walks the document section by section and checks the references between names. Both
// live in evsim::loader, in files named scenario_loader* (the only ones that may use nlohmann):
//   _text.h/.cpp           the wording of messages
//   _values.h/.cpp         ValueReader: shapes, strings, integers, durations, rates, choices
//   _distributions.cpp     ValueReader: distributions and ranges
//   _document.h/.cpp       Loader: the run, the top level, names and references
//   _parse.cpp             Loader: text to document, and syntax errors
//   _topology.cpp          Loader: broker and network
//   _services.cpp          Loader: services, producers, consumers and the timeline
//   _expectations.cpp      Loader: expectations

namespace evsim {
namespace {

// No scenario comes near this; it bounds the memory a hostile file can cost (tens of bytes of
// document and source map per byte of text).
constexpr std::size_t kMaxTextBytes = std::size_t{16} << 20;

} // namespace

LoadResult<Scenario> parseScenario(std::string_view text, const std::string& fileName) {
    if (text.size() > kMaxTextBytes) {
        LoadResult<Scenario> result;
        result.errors.push_back({fileName, 0, 0, "",
                                 "the file is larger than " + std::to_string(kMaxTextBytes >> 20) +
                                     " MiB, which no scenario needs",
                                 ""});
        return result;
    }
    try {
        return loader::Loader(text, fileName).run();
    } catch (const std::exception& e) {
        // Nothing above should throw; if something does, it is our bug, not a crash for them.
        LoadResult<Scenario> result;
        result.errors.push_back(
            {fileName, 0, 0, "", std::string("internal error while loading: ") + e.what(), ""});
        return result;
    }
}

LoadResult<Scenario> loadScenarioFile(const std::string& path) {
    LoadResult<Scenario> result;
    const auto cannot = [&](const std::string& why) {
        result.errors.push_back({path, 0, 0, "", "cannot read the file: " + why, ""});
        return result;
    };
    std::FILE* file = std::fopen(path.c_str(), "rb");
    if (!file) {
        return cannot(std::strerror(errno));
    }
    std::string text;
    char buffer[65536];
    std::size_t n = 0;
    while ((n = std::fread(buffer, 1, sizeof buffer, file)) > 0 && text.size() <= kMaxTextBytes) {
        text.append(buffer, n);
    }
    const bool failed = std::ferror(file) != 0;
    const int error = errno;
    std::fclose(file);
    if (failed) {
        return cannot(std::strerror(error)); // a directory fails here, with EISDIR
    }
    return parseScenario(text, path); // which refuses text over kMaxTextBytes
}

} // namespace evsim
