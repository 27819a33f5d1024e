// Schemas at run time (docs/schemas.md): an event a consumer cannot read fails with reason
// schema_mismatch and takes the retry and dead-letter path (SCHEMA02); a rolling deploy moves
// a service's instances to a version one at a time (SCHEMA03). On the bundled roll-out.
#include "simulator/engine/simulation.h"
#include "simulator/scenario/scenario_loader.h"

#include <gtest/gtest.h>
#include <map>
#include <string>
#include <vector>

namespace evsim {
namespace {

constexpr const char* kBroken = "/scenarios/rolling-deploy-schema-v2-broken.json";

Scenario load(const char* file) {
    const auto loaded = loadScenarioFile(std::string(EVSIM_SOURCE_DIR) + file);
    EXPECT_TRUE(loaded.ok()) << formatErrors(loaded.errors);
    return loaded.ok() ? *loaded.value : Scenario{};
}

// What the checks read from a run: each publish's version and body by message id, each
// failure with its cause, each move of an instance, and what was dead-lettered.
struct Watch final : RecordSink {
    explicit Watch(const Simulation& s) : sim(s) {}
    void onRecord(const Record& r, const Message* m) override {
        const std::string& entity = sim.entities()[r.entity].name;
        if (r.kind == RecordKind::Published && m != nullptr) {
            versions[r.message] = m->schemaVersion;
            bodies[r.message] = sim.bodyOf(*m);
            // "checkout#1" of its producer's name
            publisher[r.message] =
                entity.substr(0, entity.find_first_not_of("0123456789", entity.find('#') + 1));
        } else if (r.kind == RecordKind::Failed) {
            failures.push_back({r.message, entity, r.detail});
        } else if (r.kind == RecordKind::FaultStarted &&
                   r.detail == static_cast<std::uint8_t>(FaultKind::RollingDeploy)) {
            moves.push_back(entity + " v" + std::to_string(r.attempt) + " at " +
                            std::to_string(r.time.nanos() / 1'000'000'000) + "s");
        } else if (r.kind == RecordKind::DeadLettered) {
            deadLettered.push_back(r.message);
        }
    }
    struct Failure {
        std::uint32_t message;
        std::string consumer;
        std::uint8_t cause;
    };
    const Simulation& sim;
    std::map<std::uint32_t, int> versions;
    std::map<std::uint32_t, std::string> bodies;
    std::map<std::uint32_t, std::string> publisher;
    std::vector<Failure> failures;
    std::vector<std::string> moves;
    std::vector<std::uint32_t> deadLettered;
};

void runWatched(Simulation& sim, Watch& watch) {
    const SinkAttachment attached = sim.attach(watch);
    sim.run();
}

TEST(SchemaMismatch, SCHEMA02_AnEventAConsumerCannotReadIsRetriedThenDeadLettered) {
    const Scenario scenario = load(kBroken);
    Simulation sim(scenario);
    Watch watch(sim);
    runWatched(sim, watch);
    ASSERT_FALSE(watch.failures.empty());
    std::map<std::uint32_t, int> attempts;
    for (const Watch::Failure& f : watch.failures) {
        EXPECT_EQ(f.cause, static_cast<std::uint8_t>(FailureCause::SchemaMismatch));
        EXPECT_EQ(f.consumer.rfind("shipping#", 0), 0u) << "billing reads no customer_email";
        EXPECT_EQ(watch.versions[f.message], 2) << "only v2 lacks the field";
        ++attempts[f.message];
    }
    for (const auto& [message, n] : attempts) {
        EXPECT_EQ(n, 3) << "msg-" << message << ": three attempts, then given up";
    }
    EXPECT_EQ(watch.deadLettered.size(), attempts.size()) << "each one given up is dead-lettered";
    for (const std::uint32_t message : watch.deadLettered) {
        EXPECT_EQ(attempts.count(message), 1u) << "msg-" << message;
    }
    std::size_t v2 = 0;
    for (const auto& [message, version] : watch.versions) {
        v2 += version == 2 ? 1 : 0;
    }
    EXPECT_EQ(attempts.size(), v2 - 3) << "every v2 order but the 3 on the wire at the end";
    const ConsumerStats shipping = sim.summary().consumer("shipping");
    EXPECT_EQ(shipping.schemaMismatches, watch.failures.size());
    EXPECT_EQ(sim.summary().consumer("billing").failed, 0u);
}

TEST(SchemaMismatch, SCHEMA02_AFieldWithADefaultOrAnAcceptedVersionReads) {
    Scenario scenario = load(kBroken);
    // A default in shipping's version 1 stands in for the missing field: nothing fails.
    JsonSchema& v1 = scenario.schemas[0].versions[0].schema;
    for (SchemaProperty& p : v1.properties) {
        if (p.name == "customer_email") {
            p.schema.defaultValue = R"("unknown@example.com")";
        }
    }
    {
        Simulation sim(scenario);
        sim.run();
        EXPECT_EQ(sim.summary().consumer("shipping").failed, 0u);
    }
    // Accepting only version 1 refuses v2 outright, whatever its fields; billing, which
    // accepts both, reads both.
    scenario.services[1].consumes[0].reads[0].accepts = {1};
    scenario.services[2].consumes[0].reads[0].accepts = {1, 2};
    Simulation sim(scenario);
    sim.run();
    EXPECT_GT(sim.summary().consumer("shipping").schemaMismatches, 0u);
    EXPECT_EQ(sim.summary().consumer("billing").schemaMismatches, 0u);
}

TEST(RollingDeploy, SCHEMA03_InstancesMoveOneEveryIntervalAndWriteTheNewVersion) {
    const Scenario scenario = load(kBroken);
    Simulation sim(scenario);
    Watch watch(sim);
    runWatched(sim, watch);
    EXPECT_EQ(watch.moves, (std::vector<std::string>{"checkout#0 v2 at 20s", "checkout#1 v2 at 30s",
                                                     "checkout#2 v2 at 40s"}));
    // Each instance writes v1 before its move and v2 after, with v2's sample body.
    std::map<std::string, int> lastVersion;
    bool mixed = false;
    for (const auto& [message, version] : watch.versions) {
        const std::string& who = watch.publisher[message];
        EXPECT_GE(version, lastVersion[who]) << who << " went back to v1";
        lastVersion[who] = version;
        const bool hasEmail = watch.bodies[message].find("customer_email") != std::string::npos;
        EXPECT_EQ(hasEmail, version == 1) << watch.bodies[message];
        mixed = mixed || (version == 1 && lastVersion["checkout#0"] == 2);
    }
    EXPECT_TRUE(mixed) << "both versions are written while the roll-out goes";
    for (const auto& [who, version] : lastVersion) {
        EXPECT_EQ(version, 2) << who;
    }
}

} // namespace
} // namespace evsim
