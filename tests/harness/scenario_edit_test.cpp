// Editing a scenario from the app: one value changes in the file's text, everything else -
// comments, layout, order - stays as written, and the scenario is read again from it.
#include "harness/io/timeline_writer.h"
#include "harness/session/entity_properties.h"
#include "harness/session/scenario_edit.h"
#include "harness/session/session.h"
#include "simulator/scenario/scenario_loader.h"

#include <filesystem>
#include <fstream>
#include <gtest/gtest.h>
#include <sstream>

namespace evsim {
namespace {

namespace fs = std::filesystem;

constexpr std::string_view kText = R"({
  // billing's settings were tuned in the March incident
  "name": "edit", "duration": "2s",
  "broker": { "queues": [{ "name": "work" }] },
  "services": [
    {
      "name": "billing", // the slow one
      "instances": 2,
      "consumes": [{ "queue": "work", "prefetch": 5 }]
    },
    { "name": "api", "produces": [{ "event": "E", "exchange": "", "routing_key": "work",
                                    "rate": "20/s" }] }
  ]
})";

std::string edited(const ScenarioEdit& edit) {
    std::string error;
    const std::optional<std::string> out = withEdit(kText, edit, error);
    EXPECT_TRUE(out.has_value()) << error;
    return out.value_or("");
}

TEST(ScenarioEdit, AValueIsReplacedAndNothingElseMoves) {
    const std::string text = edited({"$.services[0]", {"instances"}, "3"});
    std::string expected(kText);
    expected.replace(expected.find("\"instances\": 2"), 14, "\"instances\": 3");
    EXPECT_EQ(text, expected);
    const std::string rate = edited({"$.services[1].produces[0]", {"rate"}, "\"50/s\""});
    EXPECT_NE(rate.find(R"("rate": "50/s" }] })"), std::string::npos) << rate;
    const std::string object =
        edited({"$.services[0].consumes[0]", {"prefetch"}, R"({"dist": "constant", "value": 1})"});
    EXPECT_NE(object.find(R"("prefetch": {"dist": "constant", "value": 1} })"), std::string::npos);
}

// A missing member goes first in its object: on a line of its own, indented like the next
// one, in an object laid out over lines; inline otherwise. Objects on the way are made.
TEST(ScenarioEdit, AMissingMemberIsAddedFirstInItsObject) {
    const std::string text = edited({"$.services[0]", {"reconnect"}, "\"1s\""});
    EXPECT_NE(text.find("    {\n      \"reconnect\": \"1s\",\n      \"name\": \"billing\", // the "
                        "slow one"),
              std::string::npos)
        << text;
    const std::string ttl = edited({"$.broker.queues[0]", {"arguments", "x-message-ttl"}, "500"});
    EXPECT_NE(ttl.find(R"({ "arguments": {"x-message-ttl": 500}, "name": "work" })"),
              std::string::npos)
        << ttl;
    const auto loaded = parseScenario(ttl, "edit.json");
    ASSERT_TRUE(loaded.ok()) << formatErrors(loaded.errors);
    EXPECT_EQ(loaded.value->broker.amqp.queues[0].arguments.messageTtl, SimTime::fromMillis(500));
    std::string error;
    EXPECT_FALSE(withEdit(kText, {"$.services[9]", {"instances"}, "1"}, error));
    EXPECT_NE(error.find("$.services[9]"), std::string::npos);
    EXPECT_FALSE(withEdit(kText, {"$.name", {"x"}, "1"}, error)) << "a string is no object";
}

// No value: the member goes, with its comma, and with its line when it had one of its own
// (its comment too); the default applies again.
TEST(ScenarioEdit, AnEmptyValueRemovesTheMember) {
    std::string expected(kText);
    const std::string line = "      \"instances\": 2,\n";
    expected.erase(expected.find(line), line.size());
    EXPECT_EQ(edited({"$.services[0]", {"instances"}, ""}), expected);
    const std::string last = edited({"$.services[0].consumes[0]", {"prefetch"}, ""});
    EXPECT_NE(last.find(R"("consumes": [{ "queue": "work" }])"), std::string::npos) << last;
    const std::string named = edited({"$.services[0]", {"name"}, ""});
    EXPECT_EQ(named.find("the slow one"), std::string::npos) << "its comment went with it";
    EXPECT_EQ(edited({"$.services[0]", {"reconnect"}, ""}), kText) << "absent: nothing to do";
    const auto loaded = parseScenario(edited({"$.services[0]", {"instances"}, ""}), "e.json");
    ASSERT_TRUE(loaded.ok()) << formatErrors(loaded.errors);
    EXPECT_EQ(loaded.value->services[0].instances, 1u);
}

// An appended element goes last: after a comma on the same line in an array on one line, on
// a line of its own indented as the element before it in one laid out over lines; a missing
// array is made with it.
TEST(ScenarioEdit, AnAppendedElementGoesLastLaidOutAsTheOnesBefore) {
    using Change = ScenarioEdit::Change;
    const std::string queue =
        edited({"$.broker", {"queues"}, R"({"name":"audit"})", Change::Append});
    EXPECT_NE(queue.find(R"("queues": [{ "name": "work" }, {"name":"audit"}] })"),
              std::string::npos)
        << queue;
    const std::string service =
        edited({"$", {"services"}, R"({"name":"auditor"})", Change::Append});
    EXPECT_NE(service.find("                                    \"rate\": \"20/s\" }] },\n"
                           "    {\"name\":\"auditor\"}\n  ]"),
              std::string::npos)
        << service;
    const std::string made =
        edited({"$.services[1]", {"consumes"}, R"({"queue":"work"})", Change::Append});
    EXPECT_NE(made.find(R"("rate": "20/s" }], "consumes": [{"queue":"work"}] })"),
              std::string::npos)
        << "a missing array comes last in its object: " << made;
    const auto loaded = parseScenario(made, "e.json");
    ASSERT_TRUE(loaded.ok()) << formatErrors(loaded.errors);
    EXPECT_EQ(loaded.value->services[1].consumes.size(), 1u);
    // A comment after the last element stays on its line.
    constexpr std::string_view commented =
        "{ \"queues\": [\n    { \"name\": \"a\" } // first\n  ] }";
    std::string error;
    EXPECT_EQ(withEdit(commented, {"$", {"queues"}, R"({ "name": "b" })", Change::Append}, error),
              "{ \"queues\": [\n    { \"name\": \"a\" }, // first\n    { \"name\": \"b\" }\n  ] }");
    EXPECT_FALSE(withEdit(kText, {"$", {"name"}, "1", Change::Append}, error));
    EXPECT_NE(error.find("not an array"), std::string::npos) << error;
}

// A removed element goes with its comma, and with its line (and that line's comment) when it
// had one of its own; the first, a middle and the last element alike.
TEST(ScenarioEdit, ARemovedElementGoesWithItsCommaAndItsLine) {
    using Change = ScenarioEdit::Change;
    const std::string first = edited({"$.services[0]", {}, {}, Change::RemoveElement});
    EXPECT_EQ(first.find("\"billing\""), std::string::npos) << first;
    EXPECT_NE(first.find("\"services\": [\n    { \"name\": \"api\""), std::string::npos) << first;
    const std::string last = edited({"$.services[1]", {}, {}, Change::RemoveElement});
    EXPECT_EQ(last.find("\"api\""), std::string::npos) << last;
    EXPECT_NE(last.find("[{ \"queue\": \"work\", \"prefetch\": 5 }]\n    }\n  ]"),
              std::string::npos)
        << last;
    for (const std::string& text : {first, last}) {
        const auto loaded = parseScenario(text, "e.json");
        ASSERT_TRUE(loaded.ok()) << formatErrors(loaded.errors) << text;
        EXPECT_EQ(loaded.value->services.size(), 1u);
    }
    const std::string two = edited({"$.broker", {"queues"}, R"({"name":"b"})", Change::Append});
    std::string error;
    const std::optional<std::string> middle =
        withEdit(withEdit(two, {"$.broker", {"queues"}, R"({"name":"c"})", Change::Append}, error)
                     .value_or(""),
                 {"$.broker.queues[1]", {}, {}, Change::RemoveElement}, error);
    ASSERT_TRUE(middle) << error;
    EXPECT_NE(middle->find(R"([{ "name": "work" }, {"name":"c"}])"), std::string::npos) << *middle;
    EXPECT_FALSE(withEdit(kText, {"$.services", {}, {}, Change::RemoveElement}, error));
    EXPECT_FALSE(withEdit(kText, {"$.services[5]", {}, {}, Change::RemoveElement}, error));
}

TEST(ScenarioEdit, ASessionRefusesAnEditThatDoesNotLoadOrStrandsAnIntervention) {
    Session session =
        Session::of(*parseScenario(kText, "edit.json").value, "edit.json", std::string(kText));
    ASSERT_TRUE(session.add({SimTime::fromSeconds(1), Crash{{"billing", 1}, {}}}).ok());
    const Status zero = session.edit({"$.services[0]", {"instances"}, "0"});
    EXPECT_FALSE(zero.ok());
    EXPECT_NE(zero.why().find("instances"), std::string::npos) << zero.why();
    const Status stranded = session.edit({"$.services[0]", {"instances"}, "1"});
    EXPECT_FALSE(stranded.ok());
    EXPECT_NE(stranded.why().find("no longer fit"), std::string::npos) << stranded.why();
    EXPECT_EQ(session.text(), kText);
    EXPECT_FALSE(session.edited());
    ASSERT_TRUE(session.edit({"$.services[0]", {"instances"}, "4"}).ok());
    EXPECT_TRUE(session.edited());
    EXPECT_EQ(session.scenario().services[0].instances, 4u);
    EXPECT_EQ(session.effective().timeline.size(), 1u);
}

// Saved, the file has the new value, the intervention, and every comment the user wrote.
TEST(ScenarioEdit, SavingKeepsTheCommentsWithTheNewValueAndTheInterventions) {
    Session session =
        Session::of(*parseScenario(kText, "edit.json").value, "edit.json", std::string(kText));
    ASSERT_TRUE(session.edit({"$.services[0].consumes[0]", {"prefetch"}, "1"}).ok());
    ASSERT_TRUE(session.add({SimTime::fromSeconds(1), Crash{{"billing", 1}, {}}}).ok());
    const fs::path saved = fs::temp_directory_path() / "evsim_scenario_edit_test.json";
    ASSERT_TRUE(session.saveAs(saved.string()).ok());
    std::ifstream in(saved);
    std::stringstream text;
    text << in.rdbuf();
    EXPECT_NE(text.str().find("// billing's settings were tuned"), std::string::npos);
    EXPECT_NE(text.str().find("// the slow one"), std::string::npos);
    const auto reloaded = loadScenarioFile(saved.string());
    ASSERT_TRUE(reloaded.ok()) << formatErrors(reloaded.errors);
    EXPECT_EQ(reloaded.value->services[0].consumes[0].prefetch, 1u);
    EXPECT_EQ(reloaded.value->timeline.size(), 1u);
    fs::remove(saved);
}

TEST(EntityProperties, EachPartShowsItsValuesAsWritten) {
    Session session =
        Session::of(*parseScenario(kText, "edit.json").value, "edit.json", std::string(kText));
    using Part = std::pair<EntityKind, std::string>;
    const Part queue{EntityKind::Queue, "work"};
    const Part service{EntityKind::Service, "billing"};
    const Part instance{EntityKind::Instance, "billing#1"};
    const Part consumer{EntityKind::Consumer, "billing#1<-work"};
    const Part producer{EntityKind::Producer, "api#0/E"};
    const auto propertiesOf = [&](const Part& part) {
        return entityProperties(session, part.first, part.second);
    };
    const auto value = [&](const Part& part, const std::string& label) {
        for (const EntityProperty& p : propertiesOf(part).properties) {
            if (p.label == label) {
                return p.value;
            }
        }
        return std::string("(none)");
    };
    EXPECT_EQ(value(service, "instances"), "2");
    EXPECT_EQ(value(instance, "instances"), "2");
    EXPECT_EQ(value(consumer, "prefetch"), "5");
    EXPECT_EQ(value(consumer, "processing"), "") << "absent: the default applies";
    EXPECT_EQ(value(producer, "rate"), "20/s");
    EXPECT_EQ(value(queue, "x-message-ttl"), "");
    EXPECT_EQ(propertiesOf(consumer).title, "consumer billing <- work");
    EXPECT_TRUE(propertiesOf({EntityKind::Exchange, ""}).properties.empty());
    // A link the network does not list: the latency of every hop, made where it is missing.
    const EntityProperties link = propertiesOf({EntityKind::Link, "api->broker"});
    ASSERT_EQ(link.properties.size(), 1u);
    EXPECT_EQ(link.properties[0].value, "");
    ScenarioEdit latency = link.properties[0].at;
    latency.json = propertyJson("5ms");
    ASSERT_TRUE(session.edit(latency).ok());
    EXPECT_EQ(session.scenario().network.latency, Distribution::constant(SimTime::fromMillis(5)));
    EXPECT_EQ(propertiesOf({EntityKind::Link, "api->broker"}).properties[0].value, "5ms");
    const EntityProperties p = propertiesOf(consumer);
    ASSERT_FALSE(p.properties.empty());
    EXPECT_EQ(p.properties[0].at.objectPath, "$.services[0].consumes[0]");
    EXPECT_EQ(propertyJson("3"), "3");
    EXPECT_EQ(propertyJson("20/s"), "\"20/s\"");
    EXPECT_EQ(propertyJson(R"({"dist":"constant","value":"5ms"})"),
              R"({"dist":"constant","value":"5ms"})");
}

} // namespace
} // namespace evsim
