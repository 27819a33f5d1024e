#include "harness/recording/record_text.h"

#include "simulator/scenario/printable.h"

#include <fmt/format.h>

namespace evsim {
namespace {

std::string name(const EntityTable& entities, std::uint32_t id) {
    return id < entities.size() ? shortened(printable(entities[id].name), 60) : "?";
}

std::string detailText(const Record& r) {
    switch (r.kind) {
    case RecordKind::Dropped:
        return fmt::format(" (reason: {})", dropReasonName(static_cast<DropReason>(r.detail)));
    case RecordKind::DeadLettered:
        return fmt::format(" (reason: {})",
                           deadLetterReasonName(static_cast<DeadLetterReason>(r.detail)));
    case RecordKind::ChannelClosed:
        return fmt::format(" (cause: {})",
                           channelCloseCauseName(static_cast<ChannelCloseCause>(r.detail)));
    case RecordKind::FaultStarted:
    case RecordKind::FaultEnded:
        return fmt::format(" ({}, intervention {})",
                           faultKindName(static_cast<FaultKind>(r.detail)), r.message);
    case RecordKind::Delivered:
        return r.detail == 1 ? " (redelivered)" : "";
    case RecordKind::Confirmed:
        return r.detail == 1 ? " (nack)" : "";
    case RecordKind::Returned:
        return " (312 NO_ROUTE)";
    case RecordKind::PartitionRevoked:
    case RecordKind::PartitionAssigned:
        return fmt::format(" (partition {})", r.attempt);
    case RecordKind::Rebalanced:
        return fmt::format(" (generation {}, {} members)", r.attempt, r.detail);
    case RecordKind::Published:
        return r.detail == 1 ? " (retry)" : "";
    case RecordKind::TransactionCommitted:
        return fmt::format(" (transaction {})", r.message);
    case RecordKind::TransactionAborted:
        return fmt::format(" (transaction {}, {})", r.message,
                           transactionAbortName(static_cast<TransactionAbort>(r.detail)));
    case RecordKind::LeaderElected:
        return fmt::format(" (partition {}{}, {} cut)", r.attempt,
                           r.aux == 0      ? " offline"
                           : r.detail == 1 ? ", its preferred leader"
                                           : "",
                           r.message);
    case RecordKind::WrittenToLeader:
    case RecordKind::Seeked:
        return fmt::format(" (partition {})", r.attempt);
    default:
        return "";
    }
}

} // namespace

std::string recordText(const EntityTable& entities, const Record& r) {
    std::string out = formatDuration(r.time) + " " + std::string(recordKindName(r.kind));
    if (messageOf(r) != 0) {
        out += fmt::format(" msg-{}", r.message);
    }
    out += " " + name(entities, r.entity);
    if (r.aux != 0) {
        out += " -> " + name(entities, r.aux);
    }
    if (r.attempt != 0 && !isGroupRecord(r.kind)) {
        out += fmt::format(" attempt {}", r.attempt);
    }
    return out + detailText(r);
}

} // namespace evsim
