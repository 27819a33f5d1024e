#include "simulator/observe/record.h"

#include <cstdio>
#include <string>

namespace evsim {

std::string_view recordKindName(RecordKind kind) {
    switch (kind) {
    case RecordKind::Published:
        return "published";
    case RecordKind::Enqueued:
        return "enqueued";
    case RecordKind::Delivered:
        return "delivered";
    case RecordKind::Processed:
        return "processed";
    case RecordKind::Failed:
        return "failed";
    case RecordKind::Acked:
        return "acked";
    case RecordKind::Requeued:
        return "requeued";
    case RecordKind::Dropped:
        return "dropped";
    case RecordKind::Expired:
        return "expired";
    case RecordKind::DeadLettered:
        return "dead_lettered";
    case RecordKind::Confirmed:
        return "confirmed";
    case RecordKind::LostInTransit:
        return "lost_in_transit";
    case RecordKind::Duplicated:
        return "duplicated";
    case RecordKind::Deduplicated:
        return "deduplicated";
    case RecordKind::FaultStarted:
        return "fault_started";
    case RecordKind::FaultEnded:
        return "fault_ended";
    case RecordKind::AlertRaised:
        return "alert_raised";
    case RecordKind::AlertResolved:
        return "alert_resolved";
    case RecordKind::ChannelClosed:
        return "channel_closed";
    case RecordKind::Connected:
        return "connected";
    case RecordKind::QueueDrained:
        return "queue_drained";
    case RecordKind::SingledOut:
        return "singled_out";
    case RecordKind::Returned:
        return "returned";
    case RecordKind::Rebalanced:
        return "rebalanced";
    case RecordKind::PartitionRevoked:
        return "partition_revoked";
    case RecordKind::PartitionAssigned:
        return "partition_assigned";
    case RecordKind::MemberLost:
        return "member_lost";
    case RecordKind::TransactionCommitted:
        return "transaction_committed";
    case RecordKind::TransactionAborted:
        return "transaction_aborted";
    case RecordKind::LeaderElected:
        return "leader_elected";
    case RecordKind::WrittenToLeader:
        return "written_to_leader";
    case RecordKind::Seeked:
        return "seeked";
    }
    return "unknown";
}

std::string_view dropReasonName(DropReason reason) {
    switch (reason) {
    case DropReason::None:
        return "";
    case DropReason::Unroutable:
        return "unroutable";
    case DropReason::Rejected:
        return "rejected";
    case DropReason::FailedUnderAutoAck:
        return "failed under auto-ack";
    case DropReason::Expired:
        return "expired";
    case DropReason::MaxLength:
        return "maxlen";
    case DropReason::RefusedPublish:
        return "refused publish";
    case DropReason::DeliveryLimit:
        return "delivery limit";
    case DropReason::BrokerRestart:
        return "broker restart";
    case DropReason::Network:
        return "network";
    case DropReason::Purged:
        return "purged";
    case DropReason::InstanceCrash:
        return "instance crash";
    case DropReason::GaveUp:
        return "publisher gave up";
    case DropReason::DeadLetterUnroutable:
        return "dead-letter unroutable";
    case DropReason::DeadLetterCycle:
        return "dead-letter cycle";
    case DropReason::NoExchange:
        return "no exchange";
    case DropReason::ClosedChannel:
        return "closed channel";
    case DropReason::Deduplicated:
        return "deduplicated";
    case DropReason::Retention:
        return "retention";
    case DropReason::Compacted:
        return "compacted";
    case DropReason::Aborted:
        return "aborted";
    case DropReason::NoKey:
        return "no key";
    case DropReason::NotLeader:
        return "not leader";
    case DropReason::NotEnoughReplicas:
        return "not enough replicas";
    case DropReason::Truncated:
        return "truncated";
    case DropReason::Skipped:
        return "skipped";
    }
    return "unknown";
}

std::string_view transactionAbortName(TransactionAbort why) {
    switch (why) {
    case TransactionAbort::ByProducer:
        return "by its producer";
    case TransactionAbort::TimedOut:
        return "timed out";
    case TransactionAbort::Fenced:
        return "producer restarted";
    case TransactionAbort::GaveUp:
        return "a record went unacknowledged";
    case TransactionAbort::InputReadAgain:
        return "its input is read again";
    }
    return "unknown";
}

std::string_view deadLetterReasonName(DeadLetterReason reason) {
    switch (reason) {
    case DeadLetterReason::Rejected:
        return "rejected";
    case DeadLetterReason::Expired:
        return "expired";
    case DeadLetterReason::MaxLength:
        return "maxlen";
    case DeadLetterReason::DeliveryLimit:
        return "delivery_limit";
    }
    return "unknown";
}

std::string_view channelCloseCauseName(ChannelCloseCause cause) {
    switch (cause) {
    case ChannelCloseCause::Crash:
        return "crash";
    case ChannelCloseCause::ConsumerTimeout:
        return "consumer timeout";
    case ChannelCloseCause::Heartbeat:
        return "missed heartbeats";
    case ChannelCloseCause::BrokerRestart:
        return "broker restart";
    case ChannelCloseCause::NotFound:
        return "404 not found";
    }
    return "unknown";
}

std::string_view faultKindName(FaultKind kind) {
    switch (kind) {
    case FaultKind::Crash:
        return "crash";
    case FaultKind::SlowDown:
        return "slow down";
    case FaultKind::Pause:
        return "pause";
    case FaultKind::Hang:
        return "hang";
    case FaultKind::ErrorBurst:
        return "error burst";
    case FaultKind::Poison:
        return "poison";
    case FaultKind::BrokerDown:
        return "broker down";
    case FaultKind::Purge:
        return "purge";
    case FaultKind::LinkFault:
        return "link fault";
    case FaultKind::NotConsuming:
        return "not consuming";
    case FaultKind::ExchangeDeleted:
        return "exchange deleted";
    case FaultKind::SlowBroker:
        return "slow broker";
    case FaultKind::Seek:
        return "seek";
    case FaultKind::RollingDeploy:
        return "rolling deploy";
    }
    return "unknown";
}

std::string_view failureCauseName(FailureCause cause) {
    return cause == FailureCause::SchemaMismatch ? "schema_mismatch" : "error";
}

std::string formatDigest(std::uint64_t digest) {
    char buf[17];
    std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(digest));
    return buf;
}

} // namespace evsim
