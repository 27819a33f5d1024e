// The "schemas" section, a consumer's "reads" and the rolling_deploy action, as the loader
// reads them: what it fills in, and each mistake reported where it is.
#include "simulator/scenario/scenario_loader.h"

#include <gtest/gtest.h>
#include <string>

namespace evsim {
namespace {

const std::string kSchemas = R"("schemas": [{ "event": "E", "versions": [
    { "version": 1, "schema": { "type": "object", "properties": {
        "id": { "type": "string", "format": "uuid" }, "mail": { "type": "string" } },
        "required": ["id", "mail"] } },
    { "version": 2, "schema": { "type": "object", "properties": {
        "id": { "type": "string", "format": "uuid" } }, "required": ["id"] } } ] }])";

std::string scenario(const std::string& producer, const std::string& reads,
                     const std::string& timeline = "[]") {
    return R"({ "name": "t", "broker": { "exchanges": [{ "name": "x", "type": "fanout" }],
        "queues": [{ "name": "q" }], "bindings": [{ "exchange": "x", "queue": "q" }] }, )" +
           kSchemas + R"(, "services": [
        { "name": "p", "instances": 2, "produces": [)" +
           producer + R"(] },
        { "name": "c", "consumes": [{ "queue": "q", "reads": [)" +
           reads + R"(] }] } ],
        "timeline": )" +
           timeline + "}";
}

std::string errorsOf(const std::string& text) {
    const auto loaded = parseScenario(text, "t.json");
    return loaded.ok() ? std::string() : formatErrors(loaded.errors);
}

TEST(SchemaLoader, FillsInSampleBodiesAndTheFieldsAVersionRequires) {
    const auto loaded = parseScenario(
        scenario(R"({ "event": "E", "exchange": "x", "rate": "1/s" })", R"({ "event": "E" })"),
        "t.json");
    ASSERT_TRUE(loaded.ok()) << formatErrors(loaded.errors);
    const ProducerSpec& p = loaded.value->services[0].produces[0];
    EXPECT_TRUE(p.bodyFromSchema);
    EXPECT_NE(p.body.find(R"("mail":"mail")"), std::string::npos) << p.body;
    const ReadSpec& r = loaded.value->services[1].consumes[0].reads[0];
    EXPECT_EQ(r.version, 2) << "code is built with the newest version unless it says";
    EXPECT_EQ(r.fields, std::vector<std::string>{"id"});
}

TEST(SchemaLoader, ReportsEachMistakeWhereItIs) {
    const std::string ok = R"({ "event": "E", "exchange": "x", "rate": "1/s" })";
    EXPECT_NE(errorsOf(scenario(R"({ "event": "E", "version": 3, "exchange": "x", "rate": "1/s" })",
                                R"({ "event": "E" })"))
                  .find("\"E\" has no version 3"),
              std::string::npos);
    EXPECT_NE(errorsOf(scenario(ok, R"({ "event": "E", "version": 2, "fields": ["mail"] })"))
                  .find("\"mail\" is not a field of \"E\" version 2"),
              std::string::npos);
    EXPECT_NE(errorsOf(scenario(ok, R"({ "event": "F" })")).find("has no schemas to read it"),
              std::string::npos);
    EXPECT_NE(errorsOf(scenario(ok, R"({ "event": "E" }, { "event": "E" })")).find("twice"),
              std::string::npos);
    const std::string deploy =
        R"([{ "at": "1s", "rolling_deploy": { "service": "p", "version": 4 } }])";
    EXPECT_NE(errorsOf(scenario(ok, R"({ "event": "E" })", deploy))
                  .find("no event type \"p\" writes or reads has a version 4"),
              std::string::npos);
    std::string bad = scenario(ok, R"({ "event": "E" })");
    const std::string required = R"("required": ["id"])";
    bad.replace(bad.find(required), required.size(), R"("required": ["idd"])");
    const std::string errors = errorsOf(bad);
    EXPECT_NE(errors.find("\"idd\" is required but not among the \"properties\""),
              std::string::npos)
        << errors;
    EXPECT_NE(errors.find("did you mean \"id\"?"), std::string::npos) << errors;
    bad = scenario(ok, R"({ "event": "E" })");
    const std::string format = R"("format": "uuid")";
    bad.replace(bad.find(format), format.size(), R"("pattern": "^a")");
    EXPECT_NE(errorsOf(bad).find("error[E022]: keyword \"pattern\" is not in the JSON Schema"),
              std::string::npos)
        << errorsOf(bad);
}

} // namespace
} // namespace evsim
