#include "simulator/observe/run_summary.h"

namespace evsim {

std::uint64_t Conservation::unaccounted() const {
    const auto gap = [](std::uint64_t a, std::uint64_t b) {
        return a > b ? a - b : b - a;
    };
    return gap(published,
               inPublishHop + lostOnTheWay + unroutable + channelErrors + routedMessages) +
           gap(copies, acked + dropped + deadLettered + held);
}

const QueueStats* RunSummary::queue(const std::string& name) const {
    for (const QueueStats& q : queues) {
        if (q.name == name) {
            return &q;
        }
    }
    return nullptr;
}

ConsumerStats RunSummary::consumer(const std::string& service) const {
    ConsumerStats total;
    total.service = service;
    for (const ConsumerStats& c : consumers) {
        if (c.service == service) {
            total.instances += c.instances;
            total.processed += c.processed;
            total.failed += c.failed;
            total.deduplicated += c.deduplicated;
            total.duplicatesProcessed += c.duplicatesProcessed;
            total.schemaMismatches += c.schemaMismatches;
            total.queue = total.queue.empty() ? c.queue : total.queue + "," + c.queue;
        }
    }
    return total;
}

ProducerStats RunSummary::producer(const std::string& service) const {
    for (const ProducerStats& p : producers) {
        if (p.service == service) {
            return p;
        }
    }
    ProducerStats none;
    none.service = service;
    return none;
}

} // namespace evsim
