// The desktop app's view of a run, checked against the run itself: what it rebuilds from the
// records alone must agree with the simulation's own figures, at the end and at any time.
#include "harness/io/timeline_writer.h"
#include "harness/run/runner.h"
#include "harness/session/run_data.h"
#include "harness/session/run_feed.h"
#include "harness/session/run_index.h"
#include "harness/session/session.h"
#include "simulator/engine/simulation.h"
#include "simulator/scenario/scenario_loader.h"

#include <filesystem>
#include <fstream>
#include <gtest/gtest.h>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>

namespace evsim {
namespace {

namespace fs = std::filesystem;

std::vector<fs::path> bundledScenarios() {
    std::vector<fs::path> out;
    for (const auto& e :
         fs::recursive_directory_iterator(fs::path(EVSIM_SOURCE_DIR) / "scenarios")) {
        if (e.path().extension() == ".json" && e.path().parent_path().filename() != "bench") {
            out.push_back(e.path());
        }
    }
    std::sort(out.begin(), out.end());
    return out;
}

Scenario load(const fs::path& path) {
    LoadResult<Scenario> loaded = loadScenarioFile(path.string());
    EXPECT_TRUE(loaded.ok()) << path;
    return loaded.ok() ? *loaded.value : Scenario{};
}

// Runs a scenario the way the app does (records fed through a RunFeed, kept in RunData) and
// returns the data and the outcome.
struct FedRun {
    RunData data;
    RunOutcome outcome;
};

std::unique_ptr<FedRun> runFed(const Scenario& s, std::optional<SimTime> until = {}) {
    auto run = std::make_unique<FedRun>();
    std::unique_ptr<RunFeed> feed;
    RunOptions options;
    options.until = until;
    options.watch = [&](Simulation& sim) {
        feed = std::make_unique<RunFeed>(sim);
        return attachments(sim.attach(static_cast<RecordSink&>(*feed)),
                           sim.attach(static_cast<MetricsSink&>(*feed)));
    };
    run->outcome = runScenario(s, options);
    run->data.append(feed->take());
    run->data.finish(run->outcome);
    return run;
}

TEST(RunData, HoldsExactlyTheRecordsMessagesAndNamesOfTheRun) {
    for (const fs::path& path : bundledScenarios()) {
        const auto run = runFed(load(path));
        const Simulation& sim = *run->outcome.simulation;
        ASSERT_EQ(run->data.records().size(), sim.log().records().size()) << path;
        for (std::size_t i = 0; i < run->data.records().size(); ++i) {
            const Record& a = run->data.records()[i];
            const Record& b = sim.log().records()[i];
            ASSERT_TRUE(a.time == b.time && a.message == b.message && a.entity == b.entity &&
                        a.aux == b.aux && a.kind == b.kind && a.detail == b.detail &&
                        a.attempt == b.attempt)
                << path << " record " << i;
        }
        ASSERT_EQ(run->data.entities().size(), sim.entities().size()) << path;
        for (EntityId e = 0; e < sim.entities().size(); ++e) {
            EXPECT_EQ(run->data.entities()[e].name, sim.entities()[e].name) << path;
        }
        for (const Record& r : sim.log().records()) {
            if (r.kind == RecordKind::Published) {
                const Message* m = run->data.message(r.message);
                ASSERT_NE(m, nullptr) << path << " msg-" << r.message;
                EXPECT_EQ(run->data.strings()[m->body],
                          sim.strings()[sim.messages().findById(r.message)->body]);
                EXPECT_EQ(run->data.publisherOf(r.message), r.entity);
            }
        }
    }
}

// Stopping a run at t and rebuilding the state at t from a full run's records give the same
// queue depths, for every bundled scenario and several instants.
TEST(RunIndex, TheStateAtAnyTimeMatchesARunStoppedThen) {
    for (const fs::path& path : bundledScenarios()) {
        const Scenario s = load(path);
        const auto full = runFed(s);
        RunIndex index(full->data);
        index.update();
        for (const double fraction : {0.1, 0.35, 0.5, 0.8, 1.0}) {
            const SimTime t = SimTime::fromNanos(
                static_cast<std::int64_t>(static_cast<double>(s.duration.nanos()) * fraction));
            RunOptions options;
            options.until = t;
            const RunOutcome stopped = runScenario(s, options);
            const RunState state = index.stateAt(t);
            for (const QueueStats& q : stopped.summary.queues) {
                EXPECT_EQ(state.queues[q.entity].ready, static_cast<std::int64_t>(q.ready))
                    << path.filename() << " " << q.name << " at " << formatDuration(t);
                EXPECT_EQ(state.queues[q.entity].unacked, static_cast<std::int64_t>(q.unacked))
                    << path.filename() << " " << q.name << " at " << formatDuration(t);
            }
            // Every message on its way to the broker at t is a publish hop under way.
            std::size_t publishing = 0;
            for (const Token& h : index.tokensAt(t, SIZE_MAX)) {
                publishing += h.kind == Token::Kind::Publish ? 1 : 0;
            }
            EXPECT_EQ(publishing, stopped.summary.conservation.inPublishHop)
                << path.filename() << " at " << formatDuration(t);
        }
    }
}

// A hop shorter than `atLeast` is shown that long (its end moved), a longer one as it was,
// and without `atLeast` every hop is shown exactly while under way.
TEST(RunIndex, AShortHopIsStretchedToTheLeastTimeAskedFor) {
    const Scenario s = load(fs::path(EVSIM_SOURCE_DIR) / "scenarios" / "hello-pubsub.json");
    const auto full = runFed(s);
    RunIndex index(full->data);
    index.update();
    const SimTime atLeast = SimTime::fromMillis(250);
    // A finished publish hop of a few milliseconds, from the middle of the run.
    std::optional<Token> hop;
    for (SimTime t = SimTime::fromSeconds(5); !hop && t < SimTime::fromSeconds(6);
         t = t + SimTime::fromMillis(1)) {
        for (const Token& h : index.tokensAt(t, SIZE_MAX)) {
            if (h.kind == Token::Kind::Publish && h.end != SimTime::max()) {
                hop = h;
                break;
            }
        }
    }
    ASSERT_TRUE(hop.has_value());
    ASSERT_LT(hop->end - hop->start, SimTime::fromMillis(50));
    const auto find = [&](SimTime t, SimTime least) -> std::optional<Token> {
        for (const Token& h : index.tokensAt(t, SIZE_MAX, least)) {
            if (h.message == hop->message && h.kind == hop->kind && h.start == hop->start) {
                return h;
            }
        }
        return std::nullopt;
    };
    const SimTime after = hop->end + SimTime::fromMillis(100);
    EXPECT_FALSE(find(after, SimTime::zero()).has_value());
    const std::optional<Token> stretched = find(after, atLeast);
    ASSERT_TRUE(stretched.has_value());
    EXPECT_EQ(stretched->end, hop->start + atLeast);
    EXPECT_FALSE(find(hop->start + atLeast, atLeast).has_value());
    // Under way anyway: shown as it is, its end untouched when it is longer than asked for.
    ASSERT_TRUE(find(hop->start, SimTime::fromNanos(1)).has_value());
    EXPECT_EQ(find(hop->start, SimTime::fromNanos(1))->end, hop->end);
}

TEST(Session, SavedInterventionsLoadBackTheSameAndGiveTheSameDigest) {
    const fs::path source = fs::path(EVSIM_SOURCE_DIR) / "scenarios" / "hello-pubsub.json";
    LoadResult<Session> opened = Session::open(source.string());
    ASSERT_TRUE(opened.ok());
    Session& session = *opened.value;
    LinkFault flaky;
    flaky.target = {"email", 0};
    flaky.direction = LinkDirection::FromBroker;
    flaky.latency = Distribution::uniform(SimTime::fromMillis(5), SimTime::fromMillis(9));
    flaky.loss = 0.1;
    flaky.duration = SimTime::fromSeconds(2);
    PublishMessage poison;
    poison.exchange = "orders";
    poison.routingKey = "order.placed";
    poison.eventType = "OrderPlaced";
    poison.body = R"({"orderId":"o-bad","total":-1})";
    MessageFault late;
    late.message = 4;
    late.kind = MessageFaultKind::Delay;
    late.delay = SimTime::fromMillis(250);
    MessageFault crashing;
    crashing.message = 9;
    crashing.kind = MessageFaultKind::CrashReceiver;
    crashing.restartAfter = SimTime::fromSeconds(1);
    const std::vector<Intervention> added{
        {SimTime::fromMillis(100), late},
        {SimTime::fromMillis(200), crashing, "crash-on-9"},
        {SimTime::fromMillis(1500), Crash{{"billing", 1}, SimTime::fromSeconds(2)},
         "billing-1-down"},
        {SimTime::fromSeconds(3), flaky},
        {SimTime::fromSeconds(4), SlowDown{{"email", {}}, 3, SimTime::fromSeconds(1)}},
        {SimTime::fromSeconds(5), poison},
        {SimTime::fromSeconds(6), Poison{"email", PoisonRule{"", "", "total", "-1"}}},
        {SimTime::fromSeconds(7), BrokerRestart{SimTime::fromMillis(500)}},
        {SimTime::fromSeconds(8), Cancel{{"email", 0}, "email.orders", SimTime::fromSeconds(1)}},
        {SimTime::fromSeconds(9), Cancel{{"billing", {}}, "", std::nullopt}, "billing-off"},
        {SimTime::fromMillis(9500), DeleteExchange{"orders", SimTime::fromMillis(200)}, "gone"},
        {SimTime::fromMillis(9600), DeclareExchange{"orders"}},
    };
    for (const Intervention& i : added) {
        ASSERT_TRUE(session.add(i).ok());
    }
    EXPECT_FALSE(session.add({SimTime::fromSeconds(1), Crash{{"nobody", {}}, {}}}).ok());
    EXPECT_FALSE(session.add({SimTime::fromSeconds(1), Crash{{"billing", 7}, {}}}).ok());
    EXPECT_FALSE(
        session.add({SimTime::fromSeconds(1), Cancel{{"billing", {}}, "email.orders", {}}}).ok())
        << "billing does not consume email.orders";
    EXPECT_FALSE(session.add({SimTime::fromSeconds(1), DeleteExchange{"", std::nullopt}}).ok())
        << "the default exchange cannot be deleted";
    EXPECT_FALSE(session.add({SimTime::fromSeconds(1), DeclareExchange{"order"}}).ok());

    const fs::path saved = fs::temp_directory_path() / "evsim_session_test.json";
    ASSERT_TRUE(session.saveAs(saved.string()).ok());
    LoadResult<Scenario> reloaded = loadScenarioFile(saved.string());
    ASSERT_TRUE(reloaded.ok()) << formatErrors(reloaded.errors);
    ASSERT_EQ(reloaded.value->timeline.size(), added.size());
    for (std::size_t i = 0; i < added.size(); ++i) {
        EXPECT_EQ(timelineEntryJson(reloaded.value->timeline[i]), timelineEntryJson(added[i]));
    }
    const std::uint64_t inApp = runScenario(session.effective()).summary.digest;
    EXPECT_EQ(runScenario(*reloaded.value).summary.digest, inApp);
    fs::remove(saved);
}

// A relative "$schema" is resolved against the file's folder: saved elsewhere, it is rewritten
// to point at the same schema from there; everything else stays byte for byte.
TEST(TimelineWriter, ARelativeSchemaPathFollowsTheFileToWhereItIsSaved) {
    const std::string text = "{\n  \"$schema\": \"../docs/scenario.schema.json\", // editors\n"
                             "  \"name\": \"t\"\n}";
    const std::string moved =
        withSchemaMovedTo(text, "/w/scenarios/t.json", "/w/sessions/today/t.json");
    EXPECT_EQ(moved, "{\n  \"$schema\": \"../../docs/scenario.schema.json\", // editors\n"
                     "  \"name\": \"t\"\n}");
    EXPECT_EQ(withSchemaMovedTo(text, "/w/scenarios/t.json", "/w/scenarios/copy.json"), text);
    EXPECT_EQ(withSchemaMovedTo(text, "/w/scenarios/t.json", "/w/t.json"),
              "{\n  \"$schema\": \"docs/scenario.schema.json\", // editors\n"
              "  \"name\": \"t\"\n}");
    for (const std::string kept : {R"({"$schema": "https://example.com/s.json", "name": "t"})",
                                   R"({"$schema": "/opt/evsim/s.json", "name": "t"})",
                                   R"({"name": "t", "description": "$schema"})"}) {
        EXPECT_EQ(withSchemaMovedTo(kept, "/w/scenarios/t.json", "/w/sessions/t.json"), kept);
    }
}

// End to end: the bundled scenario saved as a session in another folder still names a schema
// file that exists, the same one.
TEST(Session, ASessionSavedElsewhereStillFindsItsSchema) {
    const fs::path source = fs::path(EVSIM_SOURCE_DIR) / "scenarios" / "hello-pubsub.json";
    LoadResult<Session> opened = Session::open(source.string());
    ASSERT_TRUE(opened.ok()) << formatErrors(opened.errors);
    const fs::path folder = fs::temp_directory_path() / "evsim_schema_test" / "sessions";
    fs::create_directories(folder);
    const fs::path saved = folder / "hello.json";
    ASSERT_TRUE(opened.value->saveAs(saved.string()).ok());
    LoadResult<Scenario> reloaded = loadScenarioFile(saved.string());
    ASSERT_TRUE(reloaded.ok()) << formatErrors(reloaded.errors);
    std::ifstream in(saved);
    const nlohmann::json doc = nlohmann::json::parse(in, nullptr, true, true);
    const fs::path schema = folder / doc.at("$schema").get<std::string>();
    ASSERT_TRUE(fs::exists(schema)) << schema;
    EXPECT_TRUE(
        fs::equivalent(schema, fs::path(EVSIM_SOURCE_DIR) / "docs" / "scenario.schema.json"));
    fs::remove_all(folder.parent_path());
}

TEST(TimelineWriter, KeepsCommentsAndCreatesATimelineWhenThereIsNone) {
    const std::string text = R"({
  // a comment the user wrote
  "name": "t", "duration": "1s",
  "broker": { "queues": [{ "name": "q" }] },
  "services": [{ "name": "s", "consumes": [{ "queue": "q" }] }] /* trailing */
})";
    std::string error;
    const auto out =
        withTimelineEntries(text, {{SimTime::fromMillis(10), Restart{{"s", {}}}}}, error);
    ASSERT_TRUE(out) << error;
    EXPECT_NE(out->find("// a comment the user wrote"), std::string::npos);
    EXPECT_NE(out->find("/* trailing */"), std::string::npos);
    const LoadResult<Scenario> loaded = parseScenario(*out, "t.json");
    ASSERT_TRUE(loaded.ok()) << formatErrors(loaded.errors) << *out;
    EXPECT_EQ(loaded.value->timeline.size(), 1u);
}

} // namespace
} // namespace evsim
