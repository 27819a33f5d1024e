#include "harness/suite/junit_writer.h"

#include <gtest/gtest.h>

namespace evsim {
namespace {

TEST(JUnitWriter, EscapesMarkupAndKeepsWhiteSpaceInAttributes) {
    EXPECT_EQ(xmlEscaped("a<b & \"c\" 'd'>", true), "a&lt;b &amp; &quot;c&quot; &apos;d&apos;&gt;");
    EXPECT_EQ(xmlEscaped("a<b \"c\"", false), "a&lt;b \"c\"");
    EXPECT_EQ(xmlEscaped("1\n2\t3", true), "1&#10;2&#9;3");
    EXPECT_EQ(xmlEscaped("1\n2\t3", false), "1\n2\t3");
}

TEST(JUnitWriter, ReplacesWhatXmlCannotCarry) {
    const std::string replacement = "\xEF\xBF\xBD";
    EXPECT_EQ(xmlEscaped(std::string("a\x1b[31mb", 7), false), "a" + replacement + "[31mb");
    EXPECT_EQ(xmlEscaped(std::string("x\0y", 3), true), "x" + replacement + "y");
    EXPECT_EQ(xmlEscaped("bad \xff byte", false), "bad " + replacement + " byte");
    EXPECT_EQ(xmlEscaped("caf\xC3\xA9 \xF0\x9F\x93\xA6", false), "caf\xC3\xA9 \xF0\x9F\x93\xA6");
}

TEST(JUnitWriter, AFailureCarriesTheFirstProblemAsMessageAndEveryProblemAsText) {
    ItemResult r;
    r.item = SuiteItem{"fixtures/failing/too-strict.json", SuiteItemKind::Scenario};
    r.name = "too-strict";
    r.status = ItemStatus::Failed;
    r.problemType = "Expectation";
    r.problem = "expect[1] first <problem>";
    r.problems = {r.problem, "expect[2] second"};
    r.ran = true;
    r.seed = 7;
    r.digest = 0xabc;
    r.wallSeconds = 1.5;
    const std::string xml = junitXml({r}, "evsim test");
    EXPECT_NE(xml.find("<testsuites name=\"evsim test\" tests=\"1\" failures=\"1\" errors=\"0\""),
              std::string::npos);
    EXPECT_NE(xml.find("<failure type=\"Expectation\" message=\"expect[1] first &lt;problem&gt;\">"
                       "expect[1] first &lt;problem&gt;\nexpect[2] second\n</failure>"),
              std::string::npos);
    EXPECT_NE(xml.find("<property name=\"seed\" value=\"7\"/>"), std::string::npos);
    EXPECT_NE(xml.find("<property name=\"digest\" value=\"0000000000000abc\"/>"),
              std::string::npos);
    EXPECT_NE(xml.find("classname=\"fixtures.failing.too-strict\" time=\"1.500\""),
              std::string::npos);
}

TEST(JUnitWriter, AFileThatDidNotLoadIsAnError) {
    ItemResult r;
    r.item = SuiteItem{"broken.json", SuiteItemKind::Scenario};
    r.name = "broken";
    r.status = ItemStatus::Error;
    r.problemType = "LoadError";
    r.problem = "broken.json:3:5: error[E004]: not JSON";
    r.problems = {r.problem};
    const std::string xml = junitXml({r}, "evsim test");
    EXPECT_NE(xml.find("errors=\"1\""), std::string::npos);
    EXPECT_NE(xml.find("<error type=\"LoadError\" message=\"broken.json:3:5: error[E004]: not "
                       "JSON\">"),
              std::string::npos);
    EXPECT_EQ(xml.find("name=\"seed\""), std::string::npos);
}

TEST(JUnitWriter, AClassNameDropsTheExtensionWhetherOrNotTheFileIsInAFolder) {
    ItemResult top;
    top.item = SuiteItem{"top.json", SuiteItemKind::Scenario};
    ItemResult nested;
    nested.item = SuiteItem{"a.b/c.evrec", SuiteItemKind::Recording};
    ItemResult bare;
    bare.item = SuiteItem{"v1.2/noext", SuiteItemKind::Scenario};
    const std::string xml = junitXml({top, nested, bare}, "evsim test");
    EXPECT_NE(xml.find("classname=\"top\""), std::string::npos) << xml;
    EXPECT_NE(xml.find("classname=\"a.b.c\""), std::string::npos) << xml;
    EXPECT_NE(xml.find("classname=\"v1.2.noext\""), std::string::npos) << xml;
}

} // namespace
} // namespace evsim
