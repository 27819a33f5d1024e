#include "harness/export/gtest_writer.h"

#include "harness/export/check_text.h"
#include "harness/export/source_text.h"
#include "harness/export/test_model.h"

namespace evsim {
namespace {

std::string gtestAssertion(const PinnedCheck& check) {
    if (check.kind == PinnedCheck::Kind::DeadLetterCount) {
        return "    EXPECT_THAT(dead, testing::SizeIs(" + std::to_string(check.value) + "));\n";
    }
    return "    EXPECT_THAT(" + subjectName(check) + ", " + matcherText(check) + ");\n";
}

} // namespace

std::string gtestSource(const TestModel& model, const ExportSource& source) {
    std::string out = headerComment(model, source, "GoogleTest",
                                    "EventSim::harness, GTest::gmock and GTest::gtest_main");
    out +=
        "\n#include \"harness/testing/gtest_matchers.h\"\n#include \"harness/testing/run.h\"\n\n";
    if (!source.embedded) {
        out += "#include <filesystem>\n";
    }
    out += "#include <gmock/gmock.h>\n#include <gtest/gtest.h>\n\n";
    out += recordedRunSection(source);
    for (const PinnedTest& test : model.tests) {
        out += "\n" + commentLines(test.why);
        out += "TEST(" + model.suite + ", " + test.name + ") {\n";
        out += subjectLine(test);
        for (const PinnedCheck& check : test.checks) {
            out += gtestAssertion(check);
        }
        out += "}\n";
    }
    return out + "\n} // namespace\n";
}

} // namespace evsim
