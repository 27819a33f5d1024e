#pragma once

#include "simulator/scenario/expectation.h"

#include <atomic>
#include <cstdint>
#include <string>
#include <variant>
#include <vector>

namespace evsim {

// The failure a shrink keeps: expectation `index` of the scenario's `expect` list, of this
// kind and subject, failing on `seed`.
struct ShrinkTarget {
    std::uint64_t seed = 0;
    std::size_t index = 0;
    Expectation::Kind kind = Expectation::Kind::NoLoss;
    std::string subject; // as ExpectationResult::subject gives it
};

// How much a run simulates: the measure a shrink is judged by.
struct RunSize {
    std::uint64_t records = 0;   // records the run produced (every publish, hop, ack, ...)
    std::uint64_t published = 0; // message copies published
};

// One thing a shrink changed, from first to last value: "services[order-service] instances",
// "4", "1". A removed part has after = "removed".
struct ShrinkChange {
    std::string what;
    std::string before;
    std::string after;
};

struct ShrinkResult {
    std::string text; // the reduced scenario as JSON text (comments are not kept)
    std::vector<ShrinkChange> changes;
    RunSize before;
    RunSize after;
    std::size_t runs = 0; // candidate runs tried
};

// Reduces a scenario (its JSON text) to a smaller one that still fails `target` on the
// target's seed: greedily and deterministically, it halves each producer's count (or rate),
// removes producers, halves instances, removes consumers and services, removes timeline
// entries and halves the duration, over and over until a whole pass changes nothing, keeping
// each change only when the changed scenario loads, its run finishes, and expectation
// `target.index` fails with the same kind and subject. The `expect` list is never changed,
// so the index means the same expectation throughout. The result's `seed` key is set to the
// target's seed, so the reduced file alone reproduces the failure.
//
// At most `maxRuns` candidates are run. A string when the text does not load, or the
// original does not fail the target (then there is nothing to keep), or `cancel` was set.
std::variant<ShrinkResult, std::string>
shrinkScenario(const std::string& text, const std::string& fileName, const ShrinkTarget& target,
               std::size_t maxRuns, const std::atomic<bool>* cancel);

} // namespace evsim
