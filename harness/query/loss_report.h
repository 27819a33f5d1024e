#pragma once

#include "simulator/observe/loss_tally.h"
#include "simulator/observe/run_summary.h"

#include <cstdint>
#include <string>
#include <vector>

namespace evsim {

// One cause of loss in a run: how many copies it lost and the first few of their message ids.
struct LossCause {
    DropReason reason = DropReason::None;
    std::string name; // dropReasonName(): "unroutable", "rejected", "failed under auto-ack", …
    std::uint64_t count = 0;
    std::vector<std::uint32_t> examples; // up to LossTally::kExamples distinct ids, first first
};

// The message copies a run lost (what `no_loss` checks): every cause that lost any, in
// DropReason order.
struct LossReport {
    std::uint64_t total = 0;
    std::vector<LossCause> causes;

    bool none() const { return total == 0; }
    // The cause named `name` (as in LossCause::name); nullptr when it lost nothing.
    const LossCause* cause(std::string_view name) const;
    // "2 unroutable (e.g. msg-4, msg-9), 1 rejected (e.g. msg-12)"; "" when nothing was lost.
    std::string causesText() const;
};

LossReport lossReport(const LossTally& losses);

// What `accounted` reports of where every message and copy went: "0 unaccounted (100
// published: 0 on the wire, …, 3 held)".
std::string accountingText(const Conservation& conservation);

} // namespace evsim
