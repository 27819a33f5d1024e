// The speed ceiling for `evsim bench --queues N`: the topology model
// (harness/benchmark/topology_model.h: N producers, each with its own queue and its own
// consumer, Exp(1 ms) gaps, U(1 ms, 5 ms) ordered hops to the broker and back, prefetch 10,
// Exp(0.5 ms) processing) as a bare event loop with the leanest state that model allows:
//   - a 4-ary heap of 24-byte events (bare_event_heap.h);
//   - 16 bytes per queue for its producer, queue and consumer together (what is left to
//     publish, ready and unacknowledged counts, the consumer's backlog and whether it is busy);
//   - 8 bytes per message on its way to the broker (its id and its queue);
//   - the last arrival time of each ordered connection, 16 bytes per queue, apart;
//   - one random stream for the whole run.
// No records, digest, names, message store or copies: what any simulator of this model must
// do. Dividing evsim's figures by these shows what evsim's bookkeeping costs, and how that
// grows with the width of the topology (the caches it no longer fits in).
//
// Usage: evsim_bare_wide --queues N [--messages M] [--seed S]   (M defaults to 1000000)

#include "bench/bare_common.h"
#include "simulator/kernel/distribution.h"
#include "simulator/kernel/random.h"
#include "simulator/kernel/sim_time.h"

#include <charconv>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <vector>

namespace evsim {
namespace {

constexpr std::uint16_t kPrefetch = 10;

enum class Kind : std::uint8_t {
    Publish,        // id: queue (its producer)
    ArriveAtBroker, // id: message
    ProcessingDone, // id: queue (its consumer)
    AckAtBroker,    // id: queue
};
using EventHeap = bare::EventHeap<Kind>;

// A queue with its producer and its consumer: what every event of the queue touches.
struct Lane {
    std::uint32_t toPublish = 0; // messages its producer has still to publish
    std::uint32_t ready = 0;     // messages waiting in the queue (they are alike: a count)
    std::uint16_t unacked = 0;   // delivered to the consumer and not yet acknowledged
    std::uint16_t backlog = 0;   // delivered and not yet started
    std::uint8_t busy = 0;       // the consumer is processing one
    std::uint8_t padding[3] = {};
};
static_assert(sizeof(Lane) == 16, "16 bytes a queue");

// One message on its way to the broker.
struct Message {
    std::uint32_t id = 0;
    std::uint32_t lane = 0;
};
static_assert(sizeof(Message) == 8, "8 bytes a message");

// When the last message on each ordered connection arrives: nothing arrives before it.
struct Connections {
    std::int64_t toBroker = 0;
    std::int64_t acks = 0;
};

class BareWide {
public:
    BareWide(std::uint32_t queues, std::uint64_t messages, std::uint64_t seed)
        : m_lanes(queues), m_connections(queues), m_rng(RandomStream::forEntity(seed, "bare-wide")),
          m_gap(Distribution::exponential(SimTime::fromMillis(1))),
          m_processing(Distribution::exponential(SimTime::fromMicros(500))),
          m_hop(Distribution::uniform(SimTime::fromMillis(1), SimTime::fromMillis(5))) {
        const auto perQueue =
            static_cast<std::uint32_t>(std::max<std::uint64_t>(1, messages / queues));
        for (std::uint32_t i = 0; i < queues; ++i) {
            m_lanes[i].toPublish = perQueue;
            m_events.push(m_gap.sample(m_rng).nanos(), Kind::Publish, i);
        }
    }

    bare::Totals run() {
        const auto started = std::chrono::steady_clock::now();
        while (!m_events.empty()) {
            const auto e = m_events.pop();
            m_now = e.time;
            ++m_eventCount;
            switch (e.kind) {
            case Kind::Publish:
                onPublish(e.id);
                break;
            case Kind::ArriveAtBroker: {
                const std::uint32_t lane = m_messages[e.id].lane;
                m_free.push_back(e.id);
                ++m_lanes[lane].ready;
                dispatch(lane);
                break;
            }
            case Kind::ProcessingDone:
                onProcessingDone(e.id);
                break;
            case Kind::AckAtBroker:
                --m_lanes[e.id].unacked;
                ++m_deliveries;
                dispatch(e.id);
                break;
            }
        }
        return bare::totalsSince(started, m_nextMessageId, m_deliveries, m_eventCount, m_now);
    }

private:
    std::int64_t arrival(std::int64_t& lastArrival) {
        std::int64_t at = m_now + m_hop.sample(m_rng).nanos();
        if (at < lastArrival) {
            at = lastArrival;
        }
        lastArrival = at;
        return at;
    }

    void onPublish(std::uint32_t lane) {
        std::uint32_t slot = 0;
        if (m_free.empty()) {
            slot = static_cast<std::uint32_t>(m_messages.size());
            m_messages.emplace_back();
        } else {
            slot = m_free.back();
            m_free.pop_back();
        }
        m_messages[slot] = Message{++m_nextMessageId, lane};
        m_events.push(arrival(m_connections[lane].toBroker), Kind::ArriveAtBroker, slot);
        if (--m_lanes[lane].toPublish > 0) {
            m_events.push(m_now + m_gap.sample(m_rng).nanos(), Kind::Publish, lane);
        }
    }

    // The queue's one consumer takes what prefetch allows; the broker->consumer hop is
    // instant, so a delivery lands in its backlog at once.
    void dispatch(std::uint32_t lane) {
        Lane& l = m_lanes[lane];
        while (l.ready > 0 && l.unacked < kPrefetch) {
            --l.ready;
            ++l.unacked;
            ++l.backlog;
        }
        startNext(lane);
    }

    void startNext(std::uint32_t lane) {
        Lane& l = m_lanes[lane];
        if (l.busy != 0 || l.backlog == 0) {
            return;
        }
        --l.backlog;
        l.busy = 1;
        m_events.push(m_now + m_processing.sample(m_rng).nanos(), Kind::ProcessingDone, lane);
    }

    void onProcessingDone(std::uint32_t lane) {
        m_lanes[lane].busy = 0;
        m_events.push(arrival(m_connections[lane].acks), Kind::AckAtBroker, lane);
        startNext(lane);
    }

    std::vector<Lane> m_lanes;
    std::vector<Connections> m_connections;
    std::vector<Message> m_messages;
    std::vector<std::uint32_t> m_free;
    RandomStream m_rng;
    Distribution m_gap;
    Distribution m_processing;
    Distribution m_hop;
    EventHeap m_events;
    std::uint32_t m_nextMessageId = 0;
    std::uint64_t m_deliveries = 0;
    std::uint64_t m_eventCount = 0;
    std::int64_t m_now = 0;
};

} // namespace
} // namespace evsim

int main(int argc, char** argv) {
    std::uint64_t queues = 0;
    std::uint64_t messages = 1'000'000;
    std::uint64_t seed = 1;
    if (!evsim::bare::readCounts(
            argc, argv, {{"--queues", &queues}, {"--messages", &messages}, {"--seed", &seed}})) {
        std::fprintf(stderr, "usage: %s --queues N [--messages M] [--seed S]\n", argv[0]);
        return 2;
    }
    if (queues < 1 || queues > 100'000 || messages < 1 || messages > UINT32_MAX) {
        std::fprintf(stderr, "--queues must be 1 to 100000 and --messages 1 to %u\n", UINT32_MAX);
        return 2;
    }
    const auto setupStarted = std::chrono::steady_clock::now();
    evsim::BareWide loop(static_cast<std::uint32_t>(queues), messages, seed);
    const double setup =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - setupStarted).count();
    const evsim::bare::Totals t = loop.run();
    std::printf("queues: %llu\n", static_cast<unsigned long long>(queues));
    std::printf("setup_seconds: %.3f\n", setup);
    evsim::bare::printTotals(t);
    return 0;
}
