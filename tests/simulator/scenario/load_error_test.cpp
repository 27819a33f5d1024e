#include "simulator/scenario/load_error.h"

#include <filesystem>
#include <fstream>
#include <gtest/gtest.h>
#include <regex>
#include <set>
#include <sstream>
#include <string>

#ifndef EVSIM_SOURCE_DIR
#define EVSIM_SOURCE_DIR "."
#endif

namespace evsim {
namespace {

std::string readDoc() {
    std::ifstream in(std::filesystem::path(EVSIM_SOURCE_DIR) / "docs" / "scenario-format.md");
    std::ostringstream out;
    out << in.rdbuf();
    return out.str();
}

TEST(LoadErrorCodes, AreNumberedOneByOneAndShownAsTheirNumber) {
    const auto codes = allLoadErrorCodes();
    ASSERT_FALSE(codes.empty());
    for (std::size_t i = 0; i < codes.size(); ++i) {
        const int number = static_cast<int>(codes[i]);
        EXPECT_EQ(number, static_cast<int>(i) + 1) << "codes are appended, never renumbered";
        char expected[8];
        std::snprintf(expected, sizeof expected, "E%03d", number);
        EXPECT_EQ(codeText(codes[i]), expected);
    }
}

TEST(LoadErrorCodes, EveryCodeHasADistinctText) {
    std::set<std::string_view> texts;
    for (const LoadErrorCode code : allLoadErrorCodes()) {
        EXPECT_TRUE(texts.insert(codeText(code)).second) << codeText(code) << " is used twice";
    }
}

TEST(LoadErrorCodes, TheFormatDocListsEveryCodeAndNoOther) {
    const std::string doc = readDoc();
    ASSERT_FALSE(doc.empty());
    std::set<std::string> listed;
    const std::regex row(R"(\n\| `(E\d{3})` \|)");
    for (auto it = std::sregex_iterator(doc.begin(), doc.end(), row); it != std::sregex_iterator();
         ++it) {
        EXPECT_TRUE(listed.insert((*it)[1]).second) << (*it)[1] << " is listed twice";
    }
    std::set<std::string> known;
    for (const LoadErrorCode code : allLoadErrorCodes()) {
        known.insert(std::string(codeText(code)));
        EXPECT_TRUE(listed.contains(std::string(codeText(code))))
            << codeText(code) << " is missing from the table in docs/scenario-format.md";
    }
    for (const std::string& code : listed) {
        EXPECT_TRUE(known.contains(code)) << code << " is documented but does not exist";
    }
}

TEST(LoadError, FormatsAsFileLineColumnCodeMessagePathAndHint) {
    const LoadError e{LoadErrorCode::UnknownReference,
                      "s.json",
                      12,
                      22,
                      "$.a",
                      "unknown queue",
                      "did you mean \"b\"?"};
    EXPECT_EQ(e.format(),
              "s.json:12:22: error[E017]: unknown queue (at $.a)\n  hint: did you mean \"b\"?");
    const LoadError whole{LoadErrorCode::CannotRead, "s.json", 0, 0, "", "cannot read", ""};
    EXPECT_EQ(whole.format(), "s.json: error[E001]: cannot read");
}

} // namespace
} // namespace evsim
