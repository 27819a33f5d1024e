#include "simulator/scenario/json_source_map.h"

#include <gtest/gtest.h>

#ifndef EVSIM_SOURCE_DIR
#define EVSIM_SOURCE_DIR "."
#endif

#include <fstream>
#include <ostream>
#include <sstream>

namespace evsim {

// Readable failures: "3:11" rather than eight bytes of hex.
void PrintTo(const SourcePosition& p, std::ostream* out) {
    *out << p.line << ":" << p.column;
}

namespace {

using Kind = JsonSourceMap::Problem::Kind;

SourcePosition pos(int line, int column) {
    return {line, column};
}

TEST(JsonSourceMap, FindsEveryKeyAndValueByPath) {
    const JsonSourceMap map("{\n  \"a\": [1, {\"b\": true}],\n  \"c\": \"x\"\n}");
    EXPECT_FALSE(map.problem());
    EXPECT_EQ(map.valueAt("$"), pos(1, 1));
    EXPECT_EQ(map.keyAt("$.a"), pos(2, 3));
    EXPECT_EQ(map.valueAt("$.a"), pos(2, 8));
    EXPECT_EQ(map.valueAt("$.a[0]"), pos(2, 9));
    EXPECT_EQ(map.valueAt("$.a[1]"), pos(2, 12));
    EXPECT_EQ(map.keyAt("$.a[1].b"), pos(2, 13));
    EXPECT_EQ(map.valueAt("$.a[1].b"), pos(2, 18));
    EXPECT_EQ(map.valueAt("$.c"), pos(3, 8));
    EXPECT_EQ(map.keyAt("$"), std::nullopt);
    EXPECT_EQ(map.valueAt("$.missing"), std::nullopt);
    EXPECT_EQ(map.valueAt("$.a[2]"), std::nullopt);
}

TEST(JsonSourceMap, LocateFallsBackToTheNearestAncestor) {
    const JsonSourceMap map(R"({"a": {"b": 1}})");
    EXPECT_EQ(map.locate("$.a.missing.deeper"), pos(1, 7));
    EXPECT_EQ(map.locate("$.a[3]"), pos(1, 7));
    EXPECT_EQ(JsonSourceMap("").locate("$"), SourcePosition{});
}

TEST(JsonSourceMap, SkipsCommentsAndStringsThatLookLikeStructure) {
    const JsonSourceMap map(R"({ // "x": [
      /* { "y": 1 } */ "k\"{[": "v}]//", "z": 2 })");
    EXPECT_FALSE(map.problem());
    EXPECT_EQ(map.valueAt(R"($["k\"{["])"), pos(2, 33));
    EXPECT_EQ(map.valueAt("$.z"), pos(2, 47));
    EXPECT_EQ(map.valueAt("$.x"), std::nullopt);
}

TEST(JsonSourceMap, DecodesEscapesInKeysLikeAParserDoes) {
    const JsonSourceMap map(R"({"caf\u00e9": 1, "\ud83d\ude00": 2, "tab\t": 3})");
    EXPECT_EQ(map.valueAt("$[\"café\"]"), pos(1, 15));
    EXPECT_EQ(map.valueAt("$[\"\xF0\x9F\x98\x80\"]"), pos(1, 34));
    EXPECT_EQ(map.valueAt(JsonSourceMap::memberPath("$", "tab\t")), pos(1, 46));
}

TEST(JsonSourceMap, BuildsPathsWithDotsOnlyForIdentifiers) {
    EXPECT_EQ(JsonSourceMap::memberPath("$", "prefetch"), "$.prefetch");
    EXPECT_EQ(JsonSourceMap::memberPath("$.l", "p99.9"), R"($.l["p99.9"])");
    EXPECT_EQ(JsonSourceMap::memberPath("$", "$schema"), R"($["$schema"])");
    EXPECT_EQ(JsonSourceMap::memberPath("$", "a\"b"), R"($["a\"b"])");
    EXPECT_EQ(JsonSourceMap::memberPath("$", ""), R"($[""])");
    EXPECT_EQ(JsonSourceMap::elementPath("$.s", 12), "$.s[12]");
}

TEST(JsonSourceMap, ColumnsCountCodePointsAndSkipAByteOrderMark) {
    EXPECT_EQ(JsonSourceMap("{\"é\": 1}").valueAt("$[\"é\"]"), pos(1, 7));
    EXPECT_EQ(JsonSourceMap("\xEF\xBB\xBF{\"a\": 1}").valueAt("$.a"), pos(1, 7));
    EXPECT_EQ(JsonSourceMap::positionOf("ab\ncé\nx", 7), pos(3, 1));
    EXPECT_EQ(JsonSourceMap::positionOf("ab", 999), pos(1, 3));
}

TEST(JsonSourceMap, RecordsDuplicateKeysAndKeepsTheLastOne) {
    const JsonSourceMap map(R"({"a": {"b": 1, "b": 2}})");
    ASSERT_EQ(map.duplicateKeys().size(), 1u);
    EXPECT_EQ(map.duplicateKeys()[0].path, "$.a.b");
    EXPECT_EQ(map.duplicateKeys()[0].first, pos(1, 8));
    EXPECT_EQ(map.duplicateKeys()[0].second, pos(1, 16));
    EXPECT_EQ(map.valueAt("$.a.b"), pos(1, 21));
}

TEST(JsonSourceMap, StopsCleanlyAtNestingDeeperThanTheLimit) {
    const JsonSourceMap ok(std::string(64, '[') + std::string(64, ']'));
    EXPECT_FALSE(ok.problem());
    const JsonSourceMap deep(std::string(1000000, '['));
    ASSERT_TRUE(deep.problem());
    EXPECT_EQ(deep.problem()->kind, Kind::TooDeep);
    EXPECT_EQ(deep.problem()->position, pos(1, 65));
}

TEST(JsonSourceMap, ReportsWhatIsNotJsonAndKeepsWhatCameBefore) {
    const JsonSourceMap map(R"({"a": 1, "b": })");
    ASSERT_TRUE(map.problem());
    EXPECT_EQ(map.problem()->kind, Kind::Syntax);
    EXPECT_EQ(map.valueAt("$.a"), pos(1, 7));
    EXPECT_EQ(JsonSourceMap("  // c\n").problem()->kind, Kind::Empty);
    EXPECT_EQ(JsonSourceMap("{} x").problem()->position, pos(1, 4));
    EXPECT_EQ(JsonSourceMap("{\"a\": \"open").problem()->message, "unterminated string");
    EXPECT_EQ(JsonSourceMap("{} /* open").problem()->position, pos(1, 4));
}

TEST(JsonSourceMap, SurvivesEveryPrefixOfADocument) {
    const std::string text = R"({"a": [1, {"b": "c\"d"}, /* e */ null], "f": -1.5e3} // g)";
    EXPECT_FALSE(JsonSourceMap(text).problem());
    for (std::size_t n = 0; n <= text.size(); ++n) {
        const JsonSourceMap map(text.substr(0, n));
        if (n < text.size() - 5) {
            EXPECT_TRUE(map.problem()) << n; // the closing brace is missing
        }
    }
}

// The schema ships with the loader; this at least keeps it well-formed JSON.
TEST(JsonSourceMap, ReadsTheScenarioSchema) {
    std::ifstream in(std::string(EVSIM_SOURCE_DIR) + "/docs/scenario.schema.json");
    std::ostringstream text;
    text << in.rdbuf();
    const JsonSourceMap map(text.str());
    EXPECT_FALSE(map.problem()) << map.problem()->message;
    EXPECT_TRUE(map.valueAt("$.definitions.consumer.properties.prefetch"));
}

} // namespace
} // namespace evsim
