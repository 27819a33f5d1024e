#include "harness/export/source_text.h"

#include "harness/export/test_model.h"

#include <algorithm>
#include <cstdio>

namespace evsim {
namespace {

constexpr std::size_t kColumns = 100;

// The length of the well-formed UTF-8 sequence at text[i] (2 to 4 bytes), or 0 when the byte
// there does not start one: such bytes are escaped, since a compiler may refuse them.
std::size_t utf8Length(std::string_view text, std::size_t i) {
    const auto byte = [&](std::size_t k) {
        return static_cast<unsigned char>(text[k]);
    };
    const unsigned char lead = byte(i);
    const std::size_t n = lead >= 0xF0 && lead <= 0xF4   ? 4
                          : lead >= 0xE0 && lead <= 0xEF ? 3
                          : lead >= 0xC2 && lead <= 0xDF ? 2
                                                         : 0;
    if (n == 0 || i + n > text.size()) {
        return 0;
    }
    for (std::size_t k = 1; k < n; ++k) {
        if ((byte(i + k) & 0xC0) != 0x80) {
            return 0;
        }
    }
    // No overlong forms, surrogates or code points past U+10FFFF.
    const unsigned char second = byte(i + 1);
    if ((lead == 0xE0 && second < 0xA0) || (lead == 0xED && second > 0x9F) ||
        (lead == 0xF0 && second < 0x90) || (lead == 0xF4 && second > 0x8F)) {
        return 0;
    }
    return n;
}

// Comments must not end a line in a backslash (it would continue the comment onto the next
// line) nor carry control bytes or broken UTF-8: names come from scenario files.
std::string commentSafe(std::string_view text) {
    std::string out;
    for (std::size_t i = 0; i < text.size(); ++i) {
        const auto u = static_cast<unsigned char>(text[i]);
        if (u >= 0x80) {
            const std::size_t n = utf8Length(text, i);
            out += n == 0 ? std::string("?") : std::string(text.substr(i, n));
            i += n == 0 ? 0 : n - 1;
            continue;
        }
        out += text[i] == '\\' ? '/' : (u < 0x20 || u == 0x7f) ? '?' : text[i];
    }
    return out;
}

void appendOctal(std::string& out, unsigned char u) {
    // Three octal digits always end the escape, whatever follows.
    char escape[5];
    std::snprintf(escape, sizeof escape, "\\%03o", u);
    out += escape;
}

} // namespace

std::string cppString(std::string_view text) {
    std::string out = "\"";
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        const auto u = static_cast<unsigned char>(c);
        if (c == '"' || c == '\\') {
            out += '\\';
            out += c;
        } else if (c == '\n') {
            out += "\\n";
        } else if (c == '?' && i > 0 && text[i - 1] == '?') {
            out += "\\?"; // never a trigraph, for compilers that still read them
        } else if (u < 0x20 || u == 0x7f) {
            appendOctal(out, u);
        } else if (u >= 0x80) {
            const std::size_t n = utf8Length(text, i);
            if (n == 0) {
                appendOctal(out, u);
            } else {
                out += text.substr(i, n);
                i += n - 1;
            }
        } else {
            out += c;
        }
    }
    return out + "\"";
}

std::string cppStringValue(std::string_view text) {
    if (text.find('\0') == std::string_view::npos) {
        return cppString(text);
    }
    return "std::string(" + cppString(text) + ", " + std::to_string(text.size()) + ")";
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
    // The tests go inside the same anonymous namespace: two exported files linked into one
    // program never clash, whatever their scenarios are called.
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
)";
    return out;
}

} // namespace evsim
