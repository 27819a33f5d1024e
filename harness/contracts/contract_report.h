#pragma once

#include "simulator/scenario/scenario.h"
#include "simulator/scenario/schema/compatibility.h"

#include <string>
#include <vector>

// Producer-consumer contracts of a scenario (`evsim contracts`): for each event type with
// schemas, which versions its producers write (at the start, and after each rolling deploy),
// which versions its consumers read with and which fields, and whether each reader reads each
// written version (docs/schemas.md). Worked out from the scenario alone, without a run.

namespace evsim {

// A version of an event type that some producer or emit writes.
struct ContractWriter {
    int version = 1;
    std::vector<std::string> by; // "checkout", "checkout after roll-out-v2"
};

// One consumer's code at one version: a column of the matrix.
struct ContractReader {
    std::string service;
    std::string source; // the queue or consumer group it reads
    int version = 1;
    bool afterDeploy = false; // the version a rolling deploy brings it to
    std::vector<int> accepts; // empty: every version
    std::vector<std::string> fields;
};

struct ContractCell {
    // The scenario's traffic brings the two together: some writer of the version publishes
    // where the reader's queue (or group) gets it, directly or dead-lettered.
    bool meet = false;
    std::vector<SchemaProblem> problems; // empty: it reads
    bool compatible() const { return problems.empty(); }
};

struct EventContracts {
    const EventSchema* schema = nullptr;
    std::vector<ModeViolation> registry; // what the compatibility mode refuses
    std::vector<ContractWriter> writers; // by version, ascending
    std::vector<ContractReader> readers;
    std::vector<std::vector<ContractCell>> cells; // [writer][reader]
};

struct ContractReport {
    std::vector<EventContracts> events; // in the order the schemas are declared
    // Incompatible pairs that meet, and versions the registry mode refuses.
    std::size_t brokenPairs() const;
    std::size_t refusedVersions() const;
    bool compatible() const { return brokenPairs() == 0 && refusedVersions() == 0; }
};

ContractReport checkContracts(const Scenario& scenario);

} // namespace evsim
