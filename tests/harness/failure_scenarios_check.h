#pragma once

// Checks one run of a bundled scenario at a seed against the invariants of semantics.md:
// INV01 (every copy accounted for, every loss attributed to a named cause), INV02 (with manual
// acks and nothing lost, every copy that reached a queue was attempted, dead-lettered onwards or
// is still held) and INV04 (a durable idempotent store applies each event once).
#include "simulator/scenario/scenario_loader.h"
#include "tests/harness/conservation_check.h"

#include <filesystem>
#include <gtest/gtest.h>
#include <map>
#include <set>
#include <string>
#include <vector>

namespace evsim::testkit {

// The bundled scenarios (not the benchmark models): the failure scenarios and the default.
inline std::vector<std::string> bundledScenarioFiles() {
    std::vector<std::string> files;
    for (const auto& entry :
         std::filesystem::directory_iterator(std::string(EVSIM_SOURCE_DIR) + "/scenarios")) {
        if (entry.path().extension() == ".json") {
            files.push_back(entry.path().string());
        }
    }
    std::sort(files.begin(), files.end());
    return files;
}

inline bool allManualAck(const Scenario& s) {
    for (const ServiceSpec& service : s.services) {
        for (const ConsumerSpec& c : service.consumes) {
            if (c.ack != AckMode::Manual) {
                return false;
            }
        }
    }
    return true;
}

inline void expectInvariantsHold(const Scenario& s, std::uint64_t seed) {
    expectConserved(s, seed, s.duration); // INV01, losses cause by cause
    if (::testing::Test::HasFatalFailure()) {
        return;
    }
    RunOptions options;
    options.seed = seed;
    const RunOutcome outcome = runScenario(s, options);
    const Simulation& sim = *outcome.simulation;
    const EntityTable& entities = sim.entities();

    // INV02: nothing lost and manual acks everywhere. A copy is (message, queue): once enqueued
    // it must have been attempted by a consumer of that queue, or left it as a dead letter
    // (expired, over a limit, past its delivery limit), or still be there.
    if (sim.losses().total() == 0 && allManualAck(s)) {
        std::set<std::pair<std::uint32_t, EntityId>> enqueued;
        std::set<std::pair<std::uint32_t, EntityId>> handled;
        for (const Record& r : sim.log().records()) {
            switch (r.kind) {
            case RecordKind::Enqueued:
                enqueued.insert({r.message, r.entity});
                break;
            case RecordKind::Processed:
            case RecordKind::Failed:
            case RecordKind::Deduplicated:
                handled.insert({r.message, r.aux});
                break;
            case RecordKind::DeadLettered:
                handled.insert({r.message, r.entity});
                break;
            case RecordKind::Dropped:
                // What a read_committed group passes over was never its to process: a record
                // of an aborted transaction (KAFKA09) written again, or one compaction replaced.
                if (static_cast<DropReason>(r.detail) == DropReason::Aborted ||
                    static_cast<DropReason>(r.detail) == DropReason::Compacted) {
                    handled.insert({r.message, r.entity});
                }
                break;
            default:
                break;
            }
        }
        const Replay held = replay(sim, confirmingProducers(s));
        for (const auto& copy : enqueued) {
            const auto open = held.openCopies.find(copy);
            const bool stillHeld = open != held.openCopies.end() && open->second > 0;
            EXPECT_TRUE(handled.contains(copy) || stillHeld)
                << "seed " << seed << ": message " << copy.first << " in "
                << entities[copy.second].name << " was never attempted, dead-lettered or held";
        }
    }

    // INV04: a service whose store is durable processes each event id once.
    for (const ServiceSpec& service : s.services) {
        for (const ConsumerSpec& c : service.consumes) {
            if (c.idempotent && c.idempotent->durable) {
                EXPECT_EQ(outcome.summary.consumer(service.name).duplicatesProcessed, 0u)
                    << "seed " << seed << ": " << service.name << " applied an event twice";
            }
        }
    }
}

// Runs every bundled scenario at seeds 1..`seeds`; stops a scenario at its first failing seed.
inline void expectInvariantsOverSeeds(std::uint64_t seeds) {
    for (const std::string& file : bundledScenarioFiles()) {
        LoadResult<Scenario> loaded = loadScenarioFile(file);
        ASSERT_TRUE(loaded.ok()) << file << "\n" << formatErrors(loaded.errors);
        for (std::uint64_t seed = 1; seed <= seeds; ++seed) {
            expectInvariantsHold(*loaded.value, seed);
            if (::testing::Test::HasFailure()) {
                FAIL() << file << ": first failing seed " << seed;
            }
        }
    }
}

} // namespace evsim::testkit
