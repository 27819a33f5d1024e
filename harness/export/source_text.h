#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace evsim {

struct TestModel;

// What an exported test file says about itself and how it reaches its recording: the parts
// the GoogleTest and Catch2 writers share. Every line they write stays within the project's
// 100 columns and follows its .clang-format (a test checks `clang-format --dry-run -Werror`
// on the files generated for every bundled scenario), as long as names stay short enough to
// fit on a line (about 40 characters for a queue or consumer name).
struct ExportSource {
    std::string command;       // the `evsim export …` command that wrote the file
    std::string recordingFile; // the recording as the user named it (for comments)
    // Where the test finds the recording: relative to the test file's folder, or absolute.
    std::string recordingPath;
    // The recording's JSON text, when it is embedded in the file instead (--embed).
    std::optional<std::string> embedded;
    std::string scenarioFile; // the scenario the recording was made from, as named then
};

// `text` as a C++ string literal: quotes, backslashes, control bytes, bytes that are not
// well-formed UTF-8 and the second '?' of "??" escaped. A NUL byte ends such a literal
// early for anything that reads it as a C string: use cppStringValue() for names.
std::string cppString(std::string_view text);

// `text` as an expression that gives exactly its bytes as a std::string argument: the
// literal itself, or std::string("a\000b", 3) when it holds a NUL byte.
std::string cppStringValue(std::string_view text);

// `text` as a raw string literal R"d(…)d" whose delimiter d does not occur as ")d\"" in it.
std::string rawString(std::string_view text);

// `text` as // comment lines within 100 columns after `indent` spaces; '\n' starts a new line.
std::string commentLines(std::string_view text, int indent = 0);

// The file's opening comment: what it pins, how it was generated and how to regenerate it.
// `framework` is "GoogleTest" or "Catch2"; `linkWith` names the CMake targets to link.
std::string headerComment(const TestModel& model, const ExportSource& source,
                          std::string_view framework, std::string_view linkWith);

// The recording (a path macro, or its embedded text) and `recordedRun()`, the run of its
// inputs shared by every test of the file, opening an anonymous namespace that the tests
// stay in: the writer closes it after the last test.
std::string recordedRunSection(const ExportSource& source);

} // namespace evsim
