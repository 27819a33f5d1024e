#pragma once

#include "harness/run/runner.h"
#include "harness/session/run_data.h"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace evsim {

// One figure of one queue or consumer in two runs: "billing.orders" "acked" 199 / 200. A side
// is absent where that run has no such queue or consumer.
struct ComparedFigure {
    enum class Of : std::uint8_t { Queue, Consumer };
    Of of = Of::Queue;
    std::string name; // the queue, or "service <- queue" for a consumer
    std::string figure;
    std::optional<std::uint64_t> a;
    std::optional<std::uint64_t> b;

    bool differs() const { return a != b; }
    // b - a, when both are there.
    std::optional<std::int64_t> delta() const;
};

// Two runs side by side: the first as the app shows it, the second another seed, a changed
// scenario or a recording of it. Records are compared by meaning, not by number: entities are
// matched by kind and name, so a run of an edited scenario still lines up record for record
// until the first one that differs.
struct RunComparison {
    std::vector<ComparedFigure> figures; // every queue's, then every consumer's, in A's order
    // The index of the first record that differs (the same in both runs, since all before it
    // are equal); nullopt when neither run has a record the other lacks.
    std::optional<std::size_t> firstDifference;
    std::size_t recordsA = 0;
    std::size_t recordsB = 0;
    std::uint64_t digestA = 0;
    std::uint64_t digestB = 0;

    std::size_t differingFigures() const;
};

// Compares two finished runs.
RunComparison compareRuns(const RunData& a, const RunData& b);

// Runs `scenario` to its end (with `options`; its watch is replaced) into a RunData, as the
// app keeps its own run: the second run of a comparison, computed off the GUI thread.
RunData computeRunData(const Scenario& scenario, RunOptions options);

} // namespace evsim
