#include "export/source_text.h"

#include "export/test_model.h"

#include <algorithm>
#include <cstdio>

namespace evsim {
namespace {

constexpr std::size_t kColumns = 100;

// Comments must not end a line in a backslash (it would continue the comment onto the next
// line) nor carry control bytes: names come from scenario files.
std::string commentSafe(std::string_view text) {
    std::string out;
    for (const char c : text) {
        const auto u = static_cast<unsigned char>(c);
        out += c == '\\' ? '/' : (u < 0x20 || u == 0x7f) ? '?' : c;
    }
    return out;
}

} // namespace

std::string cppString(std::string_view text) {
    std::string out = "\"";
    for (const char c : text) {
        const auto u = static_cast<unsigned char>(c);
        if (c == '"' || c == '\\') {
            out += '\\';
            out += c;
        } else if (c == '\n') {
            out += "\\n";
        } else if (u < 0x20 || u == 0x7f) {
            // Three octal digits always end the escape, whatever follows.
            char escape[5];
            std::snprintf(escape, sizeof escape, "\\%03o", u);
            out += escape;
        } else {
            out += c;
        }
    }
    return out + "\"";
}

std::string rawString(std::string_view text) {
    std::string delimiter = "evrec";
    for (int n = 1; text.find(")" + delimiter + "\"") != std::string_view::npos; ++n) {
        delimiter = "evrec" + std::to_string(n);
    }
    return "R\"" + delimiter + "(" + std::string(text) + ")" + delimiter + "\"";
}

std::string commentLines(std::string_view text, int indent) {
    const std::string prefix = std::string(static_cast<std::size_t>(indent), ' ') + "//";
    std::string out;
    std::size_t start = 0;
    while (start <= text.size()) {
        std::size_t end = text.find('\n', start);
        if (end == std::string_view::npos) {
            end = text.size();
        }
        const std::string line = commentSafe(text.substr(start, end - start));
        // An indented line (a command) continues indented two more, so it reads as one.
        const std::size_t margin = std::min(line.find_first_not_of(' '), line.size());
        const std::string lead = prefix + std::string(margin, ' ');
        const std::string continuation = lead + (margin > 0 ? "  " : "");
        std::string current = lead;
        bool empty = true;
        for (std::size_t pos = margin; pos < line.size();) {
            const std::size_t next = std::min(line.find(' ', pos), line.size());
            const std::string word = line.substr(pos, next - pos);
            if (!empty && current.size() + 1 + word.size() > kColumns) {
                out += current + "\n";
                current = continuation;
            }
            current += " " + word;
            empty = false;
            pos = next + 1;
        }
        out += current + "\n";
        start = end + 1;
    }
    return out;
}

std::string headerComment(const TestModel& model, const ExportSource& source,
                          std::string_view framework, std::string_view linkWith) {
    std::string text = std::string(framework) + " tests that pin what the scenario " +
                       model.scenario + " did when it was recorded (seed " +
                       std::to_string(model.seed) + ", from " + source.scenarioFile +
                       "). Each test runs the recording's inputs with the EventSim it is built "
                       "against: a change in behaviour fails the tests of what changed, and "
                       "the digest test fails for any change at all.\n\n";
    text += "Generated from " + source.recordingFile + " by:\n  " + source.command + "\n";
    text += "After an intended change, re-record the scenario (evsim record), run the same "
            "command again and review the diff. Link with " +
            std::string(linkWith) + ".";
    return commentLines(text);
}

std::string stringConstant(std::string_view name, std::string_view value) {
    const std::string head = "constexpr const char* " + std::string(name) + " =";
    const std::string literal = cppString(value) + ";";
    // clang-format breaks after the '=' when the whole does not fit on one line.
    return head.size() + 1 + literal.size() <= kColumns ? head + " " + literal + "\n"
                                                        : head + "\n    " + literal + "\n";
}

std::string recordedRunSection(const ExportSource& source) {
    std::string out = "namespace {\n\n";
    if (source.embedded) {
        out += commentLines("The recording " + source.recordingFile + ", embedded.");
        out += "constexpr const char* kRecording = " + rawString(*source.embedded) + ";\n";
        out += stringConstant("kRecordingName", source.recordingFile) + "\n";
        out += commentLines("The run of the recording's inputs with this build of EventSim, "
                            "made once for all the tests of this file.");
        out += R"(const evsim::Run& recordedRun() {
    static const evsim::Run run = evsim::Run::rerunRecordingText(kRecording, kRecordingName);
    return run;
}

} // namespace
)";
        return out;
    }
    out += commentLines("The recording, relative to this file's folder (as the compiler names "
                        "it in __FILE__) or absolute: change it here, or define EVSIM_RECORDING "
                        "when compiling.");
    out += "#ifdef EVSIM_RECORDING\n";
    out += "constexpr const char* kRecordingPath = EVSIM_RECORDING;\n";
    out += "#else\n";
    out += stringConstant("kRecordingPath", source.recordingPath);
    out += "#endif\n\n";
    out += commentLines("The run of the recording's inputs with this build of EventSim, made "
                        "once for all the tests of this file.");
    out += R"(const evsim::Run& recordedRun() {
    static const evsim::Run run = [] {
        std::filesystem::path path(kRecordingPath);
        if (path.is_relative()) {
            path = std::filesystem::path(__FILE__).parent_path() / path;
        }
        return evsim::Run::rerunRecordingFile(path.string());
    }();
    return run;
}

} // namespace
)";
    return out;
}

} // namespace evsim
