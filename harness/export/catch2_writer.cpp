#include "harness/export/catch2_writer.h"

#include "harness/export/check_text.h"
#include "harness/export/source_text.h"
#include "harness/export/test_model.h"

namespace evsim {
namespace {

std::string catch2Assertion(const PinnedCheck& check) {
    if (check.kind == PinnedCheck::Kind::DeadLetterCount) {
        return "    CHECK(dead.size() == " + std::to_string(check.value) + "u);\n";
    }
    return "    CHECK_THAT(" + subjectName(check) + ", " + matcherText(check) + ");\n";
}

// TEST_CASE("poison-message-dlq: queue billing.orders counts", "[exported]") {
std::string testCaseLine(const TestModel& model, const PinnedTest& test) {
    std::string scenario = displayName(model.scenario);
    if (scenario == "exclude") {
        scenario = "%65xclude"; // "exclude:" starts a test spec that leaves tests out
    }
    const std::string name = cppString(scenario + ": " + test.sentence);
    const std::string line = "TEST_CASE(" + name + ", \"[exported]\") {";
    // Too long for one line: clang-format keeps the name and aligns the tag under it.
    return line.size() <= 100 ? line + "\n"
                              : "TEST_CASE(" + name + ",\n          \"[exported]\") {\n";
}

} // namespace

std::string catch2Source(const TestModel& model, const ExportSource& source, bool withMain) {
    std::string out = headerComment(model, source, "Catch2",
                                    withMain ? "EventSim::harness and Catch2::Catch2"
                                             : "EventSim::harness, Catch2::Catch2 and a file "
                                               "that defines CATCH_CONFIG_MAIN");
    if (withMain) {
        out += "\n" + commentLines("This file is a test program on its own: Catch2's main() is "
                                   "defined here (export with --no-main to link several "
                                   "exported files into one program).");
        out += "#define CATCH_CONFIG_MAIN\n";
    }
    out +=
        "\n#include \"harness/testing/catch2_matchers.h\"\n#include \"harness/testing/run.h\"\n\n";
    out += "#include <catch2/catch.hpp>\n";
    if (!source.embedded) {
        out += "#include <filesystem>\n";
    }
    out += "\n" + recordedRunSection(source);
    for (const PinnedTest& test : model.tests) {
        out += "\n" + testCaseLine(model, test);
        out += commentLines(test.why, 4);
        out += subjectLine(test);
        for (const PinnedCheck& check : test.checks) {
            out += catch2Assertion(check);
        }
        out += "}\n";
    }
    return out + "\n} // namespace\n";
}

} // namespace evsim
