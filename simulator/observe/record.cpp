#include "observe/record.h"

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
    }
    return "unknown";
}

std::string formatDigest(std::uint64_t digest) {
    char buf[17];
    std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(digest));
    return buf;
}

} // namespace evsim
