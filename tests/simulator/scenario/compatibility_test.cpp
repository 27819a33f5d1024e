// Schema compatibility (docs/schemas.md, semantics SCHEMA01): each registry mode against the
// changes teams make from one version to the next, and a consumer's own fields.
#include "simulator/scenario/scenario_loader.h"
#include "simulator/scenario/schema/body_check.h"
#include "simulator/scenario/schema/compatibility.h"
#include "simulator/scenario/schema/sample_body.h"

#include <gtest/gtest.h>
#include <string>
#include <vector>

namespace evsim {
namespace {

constexpr std::string_view kModes[] = {
    "BACKWARD", "BACKWARD_TRANSITIVE", "FORWARD", "FORWARD_TRANSITIVE",
    "FULL",     "FULL_TRANSITIVE",     "NONE"};

// The schemas of event type E in `mode`, one version per schema text, as the loader reads them.
EventSchema schemas(std::string_view mode, const std::vector<std::string>& versions) {
    std::string text = R"({ "name": "t", "schemas": [{ "event": "E", "compatibility": ")" +
                       std::string(mode) + R"(", "versions": [)";
    for (std::size_t i = 0; i < versions.size(); ++i) {
        text += (i == 0 ? "" : ",") + std::string(R"({ "version": )") + std::to_string(i + 1) +
                R"(, "schema": )" + versions[i] + "}";
    }
    text += "] }] }";
    const auto loaded = parseScenario(text, "t.json");
    EXPECT_TRUE(loaded.ok()) << formatErrors(loaded.errors);
    return loaded.ok() ? loaded.value->schemas.at(0) : EventSchema{};
}

using Lines = std::vector<std::string>;

// Each problem as "field: why", prefixed with `prefix`.
Lines described(const std::vector<SchemaProblem>& problems, const std::string& prefix = "") {
    Lines out;
    for (const SchemaProblem& p : problems) {
        out.push_back(prefix + describe(p));
    }
    return out;
}

// Each violation as "reader<-writer field: why".
Lines refused(std::string_view mode, const std::vector<std::string>& versions) {
    Lines out;
    for (const ModeViolation& v : modeViolations(schemas(mode, versions))) {
        for (std::string& line : described(v.problems, std::to_string(v.reader) + "<-" +
                                                           std::to_string(v.writer) + " ")) {
            out.push_back(std::move(line));
        }
    }
    return out;
}

const std::string kA = R"({ "type": "object", "properties": { "a": { "type": "string" } },
                            "required": ["a"] })";

TEST(Compatibility, SCHEMA01_AddingAnOptionalFieldPassesEveryMode) {
    const std::string v2 = R"({ "type": "object", "properties": { "a": { "type": "string" },
                                "b": { "type": "integer" } }, "required": ["a"] })";
    for (const std::string_view mode : kModes) {
        EXPECT_EQ(refused(mode, {kA, v2}), Lines{}) << mode;
    }
}

TEST(Compatibility, SCHEMA01_RemovingARequiredFieldIsBackwardButNotForward) {
    const std::string v1 = R"({ "type": "object", "properties": { "a": { "type": "string" },
                                "b": { "type": "integer" } }, "required": ["a", "b"] })";
    EXPECT_EQ(refused("BACKWARD", {v1, kA}), Lines{}) << "the new version ignores b";
    const Lines forward{"1<-2 b: required by the reader, not written"};
    EXPECT_EQ(refused("FORWARD", {v1, kA}), forward) << "the old version needs b";
    EXPECT_EQ(refused("FULL", {v1, kA}), forward);
    EXPECT_EQ(refused("NONE", {v1, kA}), Lines{});
    // Removing an optional field passes every mode.
    const std::string optional = R"({ "type": "object", "properties": { "a": { "type": "string" },
                                      "b": { "type": "integer" } }, "required": ["a"] })";
    for (const std::string_view mode : kModes) {
        EXPECT_EQ(refused(mode, {optional, kA}), Lines{}) << mode;
    }
}

TEST(Compatibility, SCHEMA01_AddingARequiredFieldNeedsADefaultForBackward) {
    const std::string bare = R"({ "type": "object", "properties": { "a": { "type": "string" },
                                  "c": { "type": "string" } }, "required": ["a", "c"] })";
    EXPECT_EQ(refused("BACKWARD", {kA, bare}),
              Lines{"2<-1 c: required by the reader, not written"});
    EXPECT_EQ(refused("FORWARD", {kA, bare}), Lines{});
    const std::string withDefault =
        R"({ "type": "object", "properties": { "a": { "type": "string" },
             "c": { "type": "string", "default": "none" } }, "required": ["a", "c"] })";
    EXPECT_EQ(refused("FULL", {kA, withDefault}), Lines{});
    // Making an optional field required is the same change for a reader.
    const std::string optional = R"({ "type": "object", "properties": { "a": { "type": "string" },
                                      "c": { "type": "string" } }, "required": ["a"] })";
    EXPECT_EQ(refused("BACKWARD", {optional, bare}),
              Lines{"2<-1 c: required by the reader, optional when written"});
    EXPECT_EQ(refused("FORWARD", {optional, bare}), Lines{});
}

TEST(Compatibility, SCHEMA01_WideningIsBackwardNarrowingIsForward) {
    const std::string integer =
        R"({ "type": "object", "properties": { "n": { "type": "integer" } } })";
    const std::string number =
        R"({ "type": "object", "properties": { "n": { "type": "number" } } })";
    EXPECT_EQ(refused("BACKWARD", {integer, number}), Lines{});
    EXPECT_EQ(refused("FORWARD", {integer, number}),
              Lines{"1<-2 n: narrowed: written as number, read as integer"});
    EXPECT_EQ(refused("BACKWARD", {number, integer}),
              Lines{"2<-1 n: narrowed: written as number, read as integer"});
    EXPECT_EQ(refused("FORWARD", {number, integer}), Lines{});
}

TEST(Compatibility, SCHEMA01_ChangingATypeBreaksEveryModeButNone) {
    const std::string text = R"({ "type": "object", "properties": { "a": { "type": "integer" } },
                                  "required": ["a"] })";
    for (const std::string_view mode : kModes) {
        const Lines got = refused(mode, {kA, text});
        if (mode == "NONE") {
            EXPECT_EQ(got, Lines{});
        } else {
            ASSERT_FALSE(got.empty()) << mode;
            EXPECT_NE(got.front().find("a: type changed: written as "), std::string::npos)
                << mode << ": " << got.front();
        }
    }
}

TEST(Compatibility, SCHEMA01_TransitiveModesCheckEveryEarlierVersion) {
    // Each step passes BACKWARD: drop the optional a, then add it back as another type. Only
    // the transitive mode compares version 3 with version 1.
    const std::string v1 = R"({ "type": "object", "properties": { "a": { "type": "string" } } })";
    const std::string v2 = R"({ "type": "object" })";
    const std::string v3 = R"({ "type": "object", "properties": { "a": { "type": "integer" } } })";
    EXPECT_EQ(refused("BACKWARD", {v1, v2, v3}), Lines{});
    EXPECT_EQ(refused("BACKWARD_TRANSITIVE", {v1, v2, v3}),
              Lines{"3<-1 a: type changed: written as string, read as integer"});
    EXPECT_EQ(refused("FORWARD", {v1, v2, v3}), Lines{});
    EXPECT_EQ(refused("FORWARD_TRANSITIVE", {v1, v2, v3}),
              Lines{"1<-3 a: type changed: written as integer, read as string"});
    EXPECT_EQ(refused("FULL_TRANSITIVE", {v1, v2, v3}).size(), 2u);
}

TEST(Compatibility, SCHEMA01_EnumsAndFormatsAndClosedReaders) {
    const std::string two = R"({ "type": "object", "properties":
                                 { "c": { "type": "string", "enum": ["EUR", "USD"] } } })";
    const std::string three = R"({ "type": "object", "properties":
                                   { "c": { "type": "string", "enum": ["EUR", "USD", "GBP"] } } })";
    EXPECT_EQ(refused("BACKWARD", {two, three}), Lines{});
    EXPECT_EQ(refused("FORWARD", {two, three}),
              Lines{R"(1<-2 c: value "GBP" may be written, and the reader does not know it)"});
    const std::string uuid = R"({ "type": "object", "properties":
                                  { "id": { "type": "string", "format": "uuid" } } })";
    const std::string plain =
        R"({ "type": "object", "properties": { "id": { "type": "string" } } })";
    EXPECT_EQ(refused("FORWARD", {uuid, plain}),
              Lines{"1<-2 id: read as format uuid, written without one"});
    const std::string closed = R"({ "type": "object", "additionalProperties": false,
                                    "properties": { "a": { "type": "string" } } })";
    const std::string closedMore = R"({ "type": "object", "additionalProperties": false,
        "properties": { "a": { "type": "string" }, "b": { "type": "string" } } })";
    EXPECT_EQ(refused("FORWARD", {closed, closedMore}),
              Lines{"1<-2 b: may be written, and the reader allows no other fields"});
    EXPECT_EQ(refused("BACKWARD", {closed, closedMore}), Lines{});
    EXPECT_EQ(refused("BACKWARD", {kA, closed}),
              Lines{"2<-1 (event): the writer allows other fields, the reader none"});
}

TEST(Compatibility, SCHEMA01_AConsumerIsCheckedOnlyOnTheFieldsItReads) {
    const EventSchema s = schemas("NONE", {
                                              R"({ "type": "object", "properties": {
               "id": { "type": "string" },
               "customer": { "type": "object", "properties": { "email": { "type": "string" } },
                             "required": ["email"] },
               "total": { "type": "integer" } },
             "required": ["id", "customer", "total"] })",
                                              R"({ "type": "object", "properties": {
               "id": { "type": "string" },
               "customer": { "type": "object", "properties": { "email": { "type": "string" } } },
               "total": { "type": "number" } },
             "required": ["id"] })"});
    const JsonSchema& v1 = *s.version(1);
    const JsonSchema& v2 = *s.version(2);
    EXPECT_EQ(described(fieldProblems(v1, v2, {"id"})), Lines{})
        << "what it does not read may change";
    EXPECT_EQ(described(fieldProblems(v1, v2, {"customer.email"})),
              Lines{"customer.email: read by the consumer, optional when written"});
    EXPECT_EQ(described(fieldProblems(v1, v2, {"total"})),
              (Lines{"total: read by the consumer, optional when written",
                     "total: narrowed: written as number, read as integer"}));
    EXPECT_EQ(described(fieldProblems(v2, v1, {"customer.email", "total"})), Lines{});
}

TEST(SampleBody, WritesEveryPropertyTheSameEveryTime) {
    const EventSchema s = schemas("NONE", {R"({ "type": "object", "properties": {
        "id": { "type": "string", "format": "uuid" }, "at": { "type": "string", "format": "date-time" },
        "name": { "type": "string" }, "n": { "type": "integer" }, "x": { "type": "number" },
        "ok": { "type": "boolean" }, "cur": { "type": "string", "enum": ["EUR", "USD"] },
        "tags": { "type": "array", "items": { "type": "string" } },
        "d": { "type": "integer", "default": 7 } } })"});
    const std::string body = sampleBody(*s.version(1), "E", 1);
    EXPECT_EQ(body, sampleBody(*s.version(1), "E", 1));
    EXPECT_NE(body, sampleBody(*s.version(1), "E", 2)) << "the uuid depends on the version";
    // Properties are written by name, each with its sample value.
    const std::string head = R"({"at":"2000-01-01T00:00:00Z","cur":"EUR","d":7,"id":")";
    const std::string tail = R"(","n":1,"name":"name","ok":true,"tags":["tags"],"x":1.5})";
    ASSERT_EQ(body.size(), head.size() + 36 + tail.size()) << body;
    EXPECT_EQ(body.substr(0, head.size()), head);
    EXPECT_EQ(body.substr(head.size() + 36), tail);
    EXPECT_EQ(unreadableField(body, *s.version(1), {"id", "at", "n", "x", "cur", "d"}),
              std::nullopt)
        << "a sample body reads as its own schema";
}

TEST(BodyCheck, NamesTheFirstFieldItCannotRead) {
    const EventSchema s = schemas("NONE", {R"({ "type": "object", "properties": {
        "id": { "type": "string", "format": "uuid" }, "n": { "type": "integer" },
        "cur": { "type": "string", "enum": ["EUR"] }, "d": { "type": "string", "default": "x" },
        "c": { "type": "object", "properties": { "email": { "type": "string" } } } } })"});
    const JsonSchema& r = *s.version(1);
    EXPECT_EQ(unreadableField(R"({"n":1})", r, {"n", "c.email"}), "missing c.email");
    EXPECT_EQ(unreadableField(R"({"n":1.5})", r, {"n"}), "n is a number, read as integer");
    EXPECT_EQ(unreadableField(R"({"n":"1"})", r, {"n"}), "n is a string, read as integer");
    EXPECT_EQ(unreadableField(R"({"cur":"USD"})", r, {"cur"}),
              R"(cur is "USD", not a value the reader knows)");
    EXPECT_EQ(unreadableField(R"({"id":"abc"})", r, {"id"}), "id is not a uuid");
    EXPECT_EQ(unreadableField(R"({"c":{"email":"a@b"}})", r, {"d", "c.email"}), std::nullopt)
        << "a default stands in for a missing field";
}

} // namespace
} // namespace evsim
