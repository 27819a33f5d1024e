#include "harness/io/output_file.h"
#include "harness/run/runner.h"
#include "harness/trace/span_builder.h"
#include "harness/trace/trace_order.h"
#include "harness/trace/trace_tree.h"
#include "harness/trace/trace_writers.h"
#include "simulator/engine/envelope.h"
#include "simulator/engine/simulation.h"
#include "simulator/scenario/scenario_loader.h"

#include <filesystem>
#include <fstream>
#include <gtest/gtest.h>
#include <map>
#include <nlohmann/json.hpp>
#include <regex>
#include <set>
#include <sstream>
#include <unistd.h>

namespace evsim {
namespace {

// A run of a bundled scenario with its spans.
struct TracedRun {
    std::unique_ptr<Simulation> sim;
    TraceSet set;
    bool log = false;
    TraceNames names() const {
        return {sim->seed(), sim->entities(), sim->eventTypes(), sim->strings(), log};
    }
};

TracedRun traced(const std::string& name, std::optional<std::uint64_t> seed = std::nullopt) {
    const auto loaded =
        loadScenarioFile(std::string(EVSIM_SOURCE_DIR) + "/scenarios/" + name + ".json");
    EXPECT_TRUE(loaded.ok());
    TracedRun out;
    out.log = loaded.value->broker.kind == BrokerKind::Kafka;
    SimulationOptions options;
    if (seed) {
        options.seed = *seed;
    }
    out.sim = std::make_unique<Simulation>(*loaded.value, options);
    SpanBuilder builder(out.sim->seed(), out.sim->entities(), out.log);
    {
        const SinkAttachment watching = out.sim->attach(builder);
        out.sim->run();
    }
    out.set = builder.finish(out.sim->now());
    return out;
}

std::string written(const std::function<void(OutputFile&)>& write) {
    const std::string path =
        (std::filesystem::temp_directory_path() / ("evsim-trace-" + std::to_string(::getpid())))
            .string();
    std::string error;
    auto out = OutputFile::open(path, {}, error);
    EXPECT_TRUE(out) << error;
    write(*out);
    EXPECT_FALSE(out->commit().has_value());
    std::ifstream in(path);
    std::stringstream text;
    text << in.rdbuf();
    std::filesystem::remove(path);
    return text.str();
}

// Over the saga's four hops: one root per trace, the order's publish; every other span under a
// span of its own trace; each event a service emitted sent under the span that processed the
// event it reacted to, and each delivery processed under (and linked to) its message's send.
TEST(SpanBuilder, TRACE02_ASagaIsOneTraceEachHopUnderTheSpanThatCausedIt) {
    const TracedRun run = traced("saga-choreography");
    ASSERT_EQ(run.set.traces, 400u);
    std::map<std::uint64_t, const Span*> byId;
    for (const Span& s : run.set.spans) {
        ASSERT_TRUE(byId.emplace(s.id, &s).second) << "span ids are unique";
    }
    std::size_t emitted = 0;
    std::size_t deepest = 0;
    for (const TraceGroup& trace : tracesInOrder(run.set)) {
        std::size_t roots = 0;
        for (const std::size_t i : trace.spans) {
            const Span& s = run.set.spans[i];
            EXPECT_EQ(s.trace, traceIdOf(run.sim->seed(), trace.root));
            if (s.parent == 0) {
                ++roots;
                EXPECT_EQ(s.operation, SpanOperation::Send);
                EXPECT_EQ(s.message, trace.root);
                continue;
            }
            const auto parent = byId.find(s.parent);
            ASSERT_NE(parent, byId.end()) << "a parent outside the run";
            EXPECT_EQ(parent->second->trace, s.trace);
            EXPECT_LE(parent->second->start, s.start);
            const Span& p = *parent->second;
            switch (s.operation) {
            case SpanOperation::Send: {
                // Emitted (or given up and sent to compensation): under the processing.
                EXPECT_EQ(p.operation, SpanOperation::Process);
                const std::optional<Message> m = run.sim->messages().findById(s.message);
                ASSERT_TRUE(m.has_value());
                EXPECT_EQ(p.message, m->parent);
                EXPECT_EQ(p.attempt, m->parentAttempt);
                // The envelope the next service reads names that processing span.
                const Envelope e = envelopeOf(*run.sim, *m, s.actor);
                EXPECT_EQ(e.trace.parentSpanId, hexId(p.id));
                EXPECT_EQ(e.trace.spanId, hexId(s.id));
                EXPECT_EQ(e.trace.traceId, hexId(s.trace));
                ++emitted;
                break;
            }
            case SpanOperation::Process:
                EXPECT_EQ(p.operation, SpanOperation::Send);
                EXPECT_EQ(p.message, s.message);
                EXPECT_EQ(s.link, p.id) << "linked to its creation context";
                break;
            case SpanOperation::Broker:
                EXPECT_EQ(p.operation, SpanOperation::Send);
                break;
            case SpanOperation::Settle:
                EXPECT_EQ(p.operation, SpanOperation::Process);
                break;
            }
        }
        EXPECT_EQ(roots, 1u);
        EXPECT_EQ(traceOutcome(run.set, trace.spans), "complete");
        deepest = std::max(deepest, trace.spans.size());
    }
    // Orders that went through: payment, inventory, shipping emitted (3 a trace); orders that
    // payment gave up on: the give-up's publish and the cancellation.
    EXPECT_GE(emitted, 3 * 380u);
    EXPECT_GE(deepest, 16u);
}

// A retry is a new Process span of the same trace with its attempt number, and a requeue is a
// span event of the broker's span.
TEST(SpanBuilder, TRACE02_ARetryIsANewSpanOfTheSameTraceWithItsAttempt) {
    const TracedRun run = traced("saga-choreography");
    std::size_t retried = 0;
    for (const TraceGroup& trace : tracesInOrder(run.set)) {
        std::map<std::uint16_t, std::size_t> attempts; // of payment.orders
        for (const std::size_t i : trace.spans) {
            const Span& s = run.set.spans[i];
            if (s.operation == SpanOperation::Process && s.message == trace.root) {
                ++attempts[s.attempt];
                EXPECT_EQ(s.redelivered, s.attempt > 1);
            }
        }
        ASSERT_FALSE(attempts.empty());
        EXPECT_EQ(attempts.begin()->first, 1);
        for (const auto& [attempt, count] : attempts) {
            EXPECT_EQ(count, 1u) << "one span per attempt";
        }
        retried += attempts.size() > 1 ? 1 : 0;
    }
    EXPECT_GT(retried, 20u);
}

TEST(SpanBuilder, OtlpJsonHasTheStructureOfTheProtobufJsonMapping) {
    const TracedRun run = traced("saga-choreography");
    const std::string text =
        written([&](OutputFile& out) { writeOtlpJson(run.set, run.names(), out); });
    std::istringstream lines(text);
    std::string line;
    std::size_t traces = 0;
    std::set<std::string> systems;
    const std::regex hex32("[0-9a-f]{32}");
    const std::regex hex16("[0-9a-f]{16}");
    const std::regex digits("[0-9]+");
    while (std::getline(lines, line)) {
        ++traces;
        const auto doc = nlohmann::json::parse(line);
        ASSERT_TRUE(doc.contains("resourceSpans"));
        std::set<std::string> ids;
        std::vector<std::string> parents;
        std::string traceId;
        for (const auto& rs : doc["resourceSpans"]) {
            bool named = false;
            for (const auto& a : rs["resource"]["attributes"]) {
                named = named || (a["key"] == "service.name" && a["value"].contains("stringValue"));
            }
            EXPECT_TRUE(named) << "every resource has a service.name";
            for (const auto& ss : rs["scopeSpans"]) {
                EXPECT_EQ(ss["scope"]["name"], "evsim");
                for (const auto& span : ss["spans"]) {
                    const std::string tid = span["traceId"];
                    EXPECT_TRUE(std::regex_match(tid, hex32));
                    EXPECT_TRUE(traceId.empty() || traceId == tid) << "one trace a line";
                    traceId = tid;
                    EXPECT_TRUE(std::regex_match(span["spanId"].get<std::string>(), hex16));
                    ids.insert(span["spanId"]);
                    if (span.contains("parentSpanId")) {
                        EXPECT_TRUE(
                            std::regex_match(span["parentSpanId"].get<std::string>(), hex16));
                        parents.push_back(span["parentSpanId"]);
                    }
                    EXPECT_FALSE(span["name"].get<std::string>().empty());
                    ASSERT_TRUE(span["kind"].is_number_integer());
                    EXPECT_TRUE(span["kind"] == 1 || span["kind"] == 3 || span["kind"] == 4 ||
                                span["kind"] == 5);
                    const std::string start = span["startTimeUnixNano"];
                    const std::string end = span["endTimeUnixNano"];
                    ASSERT_TRUE(std::regex_match(start, digits) && std::regex_match(end, digits));
                    EXPECT_LE(std::stoull(start), std::stoull(end));
                    EXPECT_GE(std::stoull(start), 946684800000000000ULL) << "from 2000-01-01";
                    for (const auto& a : span["attributes"]) {
                        if (a["key"] == "messaging.system") {
                            systems.insert(a["value"]["stringValue"]);
                        }
                        if (a["value"].contains("intValue")) {
                            EXPECT_TRUE(a["value"]["intValue"].is_string()) << "int64 as string";
                        }
                    }
                    for (const auto& link : span.value("links", nlohmann::json::array())) {
                        EXPECT_EQ(link["traceId"], tid);
                        EXPECT_TRUE(std::regex_match(link["spanId"].get<std::string>(), hex16));
                    }
                    if (span.contains("status")) {
                        EXPECT_EQ(span["status"]["code"], 2);
                    }
                }
            }
        }
        for (const std::string& parent : parents) {
            EXPECT_TRUE(ids.contains(parent)) << "a parent in its own trace: " << parent;
        }
    }
    EXPECT_EQ(traces, 400u);
    EXPECT_EQ(systems, std::set<std::string>{"rabbitmq"});
}

TEST(SpanBuilder, ChromeTraceEventsCarryPhaseTimeProcessThreadAndName) {
    const TracedRun run = traced("saga-choreography");
    const auto doc = nlohmann::json::parse(
        written([&](OutputFile& out) { writeChromeTrace(run.set, run.names(), out); }));
    ASSERT_TRUE(doc["traceEvents"].is_array());
    std::size_t complete = 0;
    for (const auto& e : doc["traceEvents"]) {
        for (const char* key : {"ph", "ts", "pid", "tid", "name"}) {
            ASSERT_TRUE(e.contains(key)) << key << " missing in " << e.dump();
        }
        if (e["ph"] == "X") {
            ++complete;
            EXPECT_GE(e["dur"].get<double>(), 0);
        }
    }
    EXPECT_EQ(complete, run.set.spans.size());
}

// One arrow per hop: a publish, a route into a queue, a delivery, a dead-lettering; the
// records of the trace count them independently.
TEST(SpanBuilder, AMermaidDiagramHasOneArrowPerHop) {
    const TracedRun run = traced("saga-choreography");
    const std::uint32_t root = run.set.spans.front().root;
    MermaidOptions options;
    options.root = root;
    const std::string text =
        written([&](OutputFile& out) { writeMermaid(run.set, run.names(), options, out); });
    ASSERT_EQ(text.rfind("sequenceDiagram\n", 0), 0u) << text;
    std::size_t arrows = 0;
    for (std::size_t at = text.find("->>"); at != std::string::npos;
         at = text.find("->>", at + 1)) {
        ++arrows;
    }
    std::size_t hops = 0;
    for (const Record& r : run.sim->log().records()) {
        if (messageOf(r) == 0 || isGroupRecord(r.kind)) {
            continue;
        }
        const std::optional<Message> m = run.sim->messages().findById(r.message);
        if (!m || m->traceRoot != root) {
            continue;
        }
        hops += r.kind == RecordKind::Published || r.kind == RecordKind::Enqueued ||
                r.kind == RecordKind::Delivered || r.kind == RecordKind::DeadLettered;
    }
    EXPECT_EQ(arrows, hops) << text;
    EXPECT_GE(arrows, 12u) << "four services and back to the order service";
}

TEST(SpanBuilder, MermaidLabelsCannotEndTheirStatement) {
    EXPECT_EQ(mermaidLabel("a;b:c#d"), "a#59;b#58;c#35;d");
    EXPECT_EQ(mermaidLabel("orders.dlq (v2)"), "orders.dlq (v2)");
    EXPECT_EQ(mermaidLabel("x\n->>y"), "x#10;-#62;#62;y");
}

TEST(SpanBuilder, PastTheSpanLimitTracesAreLeftOutAndCounted) {
    const auto loaded =
        loadScenarioFile(std::string(EVSIM_SOURCE_DIR) + "/scenarios/saga-choreography.json");
    ASSERT_TRUE(loaded.ok());
    Simulation sim(*loaded.value);
    TraceLimits limits;
    limits.maxSpans = 100;
    SpanBuilder builder(sim.seed(), sim.entities(), false, limits);
    {
        const SinkAttachment watching = sim.attach(builder);
        sim.run();
    }
    const TraceSet set = builder.finish(sim.now());
    EXPECT_LE(set.spans.size(), 200u);
    EXPECT_GT(set.traces, 0u);
    EXPECT_EQ(set.traces + set.tracesLeftOut, 400u);
}

} // namespace
} // namespace evsim
