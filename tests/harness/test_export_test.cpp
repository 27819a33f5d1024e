// The pieces of `evsim export`: names, literals and comments that stay valid C++ whatever a
// scenario calls things, and the model of what a recorded run pins.
#include "harness/export/source_text.h"
#include "harness/export/test_model.h"
#include "harness/testing/run.h"

#include <algorithm>
#include <filesystem>
#include <gtest/gtest.h>

namespace evsim {
namespace {

namespace fs = std::filesystem;

TEST(TestExport, PascalCaseKeepsLettersAndDigitsAndStartsAWordAtEachOtherCharacter) {
    EXPECT_EQ(pascalCase("poison-message-dlq"), "PoisonMessageDlq");
    EXPECT_EQ(pascalCase("billing.orders"), "BillingOrders");
    EXPECT_EQ(pascalCase("card_charger#2"), "CardCharger2");
    EXPECT_EQ(pascalCase("3rd-queue"), "X3rdQueue");
    EXPECT_EQ(pascalCase("..."), "X");
}

TEST(TestExport, StringLiteralsEscapeQuotesBackslashesAndControlBytes) {
    EXPECT_EQ(cppString("billing.orders"), "\"billing.orders\"");
    EXPECT_EQ(cppString("a\"b\\c"), "\"a\\\"b\\\\c\"");
    EXPECT_EQ(cppString(std::string("x\n\ty\0", 5)), "\"x\\n\\011y\\000\"");
}

TEST(TestExport, StringLiteralsKeepUtf8AndEscapeWhatACompilerMightRefuse) {
    EXPECT_EQ(cppString("r\xC3\xA9sum\xC3\xA9"), "\"r\xC3\xA9sum\xC3\xA9\"");
    EXPECT_EQ(cppString("a\xFF"
                        "b"),
              "\"a\\377b\"");                           // not UTF-8
    EXPECT_EQ(cppString("\xC3"), "\"\\303\"");          // cut short
    EXPECT_EQ(cppString("\xC0\xAF"), "\"\\300\\257\""); // overlong '/'
    // Written apart here too: GCC warns about "??=" even where it reads no trigraphs.
    EXPECT_EQ(cppString("?"
                        "?=?"
                        "?/"),
              "\"?\\?=?\\?/\""); // never a trigraph
}

TEST(TestExport, ANameWithANulByteIsCarriedWithItsLength) {
    EXPECT_EQ(cppStringValue("EOF"), "\"EOF\"");
    EXPECT_EQ(cppStringValue(std::string("a\0b", 3)), "std::string(\"a\\000b\", 3)");
}

TEST(TestExport, IdentifiersHoldOnlyLettersAndDigitsAfterAFixedWord) {
    EXPECT_EQ(identifierWords("EOF"), "EOF");
    EXPECT_EQ(identifierWords("3rd-queue"), "3rdQueue");
    EXPECT_EQ(identifierWords(std::string("a\0b", 3)), "AB");
    EXPECT_EQ(identifierWords("r\xC3\xA9sum\xC3\xA9"), "RSum");
}

TEST(TestExport, DisplayNamesKeepWhatTestSpecsReadAsItIsAndEncodeTheRest) {
    EXPECT_EQ(displayName("billing.orders"), "billing.orders");
    EXPECT_EQ(displayName(std::string("a\0b", 3)), "a%00b");
    EXPECT_EQ(displayName("~x [t],*;\"\\#"), "%7Ex%20%5Bt%5D%2C%2A%3B%22%5C%23");
    EXPECT_EQ(displayName("100%"), "100%25"); // so that "100%25" itself stays distinct
}

TEST(TestExport, RawStringDelimiterNeverOccursInTheText) {
    EXPECT_EQ(rawString("{}"), "R\"evrec({})evrec\"");
    EXPECT_EQ(rawString("a)evrec\" b"), "R\"evrec1(a)evrec\" b)evrec1\"");
    EXPECT_EQ(rawString(")evrec\" )evrec1\""), "R\"evrec2()evrec\" )evrec1\")evrec2\"");
}

TEST(TestExport, CommentLinesStayWithinOneHundredColumnsAndNeverEndInABackslash) {
    const std::string text = commentLines(std::string(30, 'w') + " " + std::string(60, 'x') + " " +
                                          std::string(20, 'y') + " end\\");
    EXPECT_EQ(text, "// " + std::string(30, 'w') + " " + std::string(60, 'x') + "\n// " +
                        std::string(20, 'y') + " end/\n");
    EXPECT_EQ(commentLines("a\n\n  indented command", 4), "    // a\n    //\n    //   indented "
                                                          "command\n");
}

TEST(TestExport, ThePoisonRunPinsItsDigestCountsDeadLettersAndAlert) {
    const evsim::Run run = evsim::Run::rerunRecordingFile(
        (fs::path(EVSIM_SOURCE_DIR) / "fixtures/recordings/poison-message-dlq.evrec").string());
    const TestModel model = buildTestModel(run);
    EXPECT_EQ(model.suite, "RecordedPoisonMessageDlq");
    std::vector<std::string> names;
    for (const PinnedTest& t : model.tests) {
        names.push_back(t.name);
    }
    EXPECT_EQ(names, (std::vector<std::string>{
                         "ReplaysToTheRecordedDigest", "PassesItsExpectations", "LosesNoMessage",
                         "AccountsForEveryMessage", "FiresItsAlerts", "QueueBillingOrdersCounts",
                         "QueueBillingDeadCounts", "ConsumerBillingCounts",
                         "DeadLettersIntoBillingDead"}));
    EXPECT_EQ(model.tests[0].checks.at(0).value, run.digest());
    const PinnedTest& dead = model.tests.back();
    ASSERT_EQ(dead.checks.size(), 2u);
    EXPECT_EQ(dead.checks[0].kind, PinnedCheck::Kind::DeadLetterCount);
    EXPECT_EQ(dead.checks[1].reason, "delivery_limit");
}

} // namespace
} // namespace evsim
