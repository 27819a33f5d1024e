// The speed ceiling for `evsim bench`: the standard model (harness/standard_model.h) as a bare
// event loop, with none of the broker bookkeeping that evsim pays for (no records, no digest,
// no entity tables, no message store, no copies). What is left is the work any simulator of
// this model must do: a 4-ary min-heap of events, the same random streams and distributions,
// a FIFO of queued message ids, round-robin dispatch under prefetch, and ordered connections.
//
// It draws from the same streams in the same order as evsim, so with the same seed it should
// end at the same virtual time with the same event count; evsim's figures divided by these
// show what the bookkeeping costs.
//
// Usage: evsim_bare_loop [--messages N] [--seed S]   (defaults 1000000 and 1)

#include "bench/bare_common.h"
#include "simulator/kernel/distribution.h"
#include "simulator/kernel/random.h"
#include "simulator/kernel/sim_time.h"

#include <array>
#include <charconv>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <string>
#include <vector>

namespace evsim {
namespace {

constexpr std::uint32_t kProducers = 10;
constexpr std::uint32_t kConsumers = 8;
constexpr std::uint32_t kPrefetch = 10;

enum class Kind : std::uint8_t {
    Publish,        // id: producer
    ArriveAtBroker, // id: message
    ProcessingDone, // id: consumer
    AckAtBroker,    // id: consumer
};

using EventHeap = bare::EventHeap<Kind>;

// Growable power-of-two FIFO of message ids: the broker's ready queue.
class IdRing {
public:
    bool empty() const { return m_size == 0; }

    void push(std::uint32_t id) {
        if (m_size == m_items.size()) {
            grow();
        }
        m_items[(m_head + m_size) & (m_items.size() - 1)] = id;
        ++m_size;
    }

    std::uint32_t pop() {
        const std::uint32_t id = m_items[m_head];
        m_head = (m_head + 1) & (m_items.size() - 1);
        --m_size;
        return id;
    }

private:
    void grow() {
        std::vector<std::uint32_t> bigger(m_items.empty() ? 1024 : m_items.size() * 2);
        for (std::size_t i = 0; i < m_size; ++i) {
            bigger[i] = m_items[(m_head + i) & (m_items.size() - 1)];
        }
        m_items.swap(bigger);
        m_head = 0;
    }

    std::vector<std::uint32_t> m_items;
    std::size_t m_head = 0;
    std::size_t m_size = 0;
};

struct Producer {
    RandomStream rng;
    RandomStream link; // latencies of this producer's connection to the broker
    std::uint64_t remaining = 0;
    std::int64_t lastArrival = 0; // the connection is ordered: nothing arrives before this
};

struct Consumer {
    RandomStream rng;
    RandomStream ackLink; // latencies of this consumer's connection to the broker
    std::uint32_t unacked = 0;
    bool busy = false;
    // Delivered but not yet started. Prefetch bounds it, so a fixed ring never overflows.
    std::array<std::uint32_t, 16> backlog{};
    std::uint32_t backlogHead = 0;
    std::uint32_t backlogSize = 0;
    std::int64_t lastAckArrival = 0;
};
static_assert(kPrefetch <= 16, "the consumer backlog ring holds at most 16 deliveries");

class BareLoop {
public:
    BareLoop(std::uint64_t messages, std::uint64_t seed)
        : m_gap(Distribution::exponential(SimTime::fromMillis(1))),
          m_processing(Distribution::exponential(SimTime::fromMicros(500))),
          m_hop(Distribution::uniform(SimTime::fromMillis(1), SimTime::fromMillis(5))) {
        // Stream names as evsim derives them, so both draw identical numbers for a seed.
        for (std::uint32_t i = 0; i < kProducers; ++i) {
            Producer& p = m_producers[i];
            const std::string name = "producers#" + std::to_string(i);
            p.rng = RandomStream::forEntity(seed, "producer:" + name + "/0");
            p.link = RandomStream::forEntity(seed, "link:" + name + "->broker");
            p.remaining = messages / kProducers;
            if (p.remaining > 0) {
                m_events.push(m_gap.sample(p.rng).nanos(), Kind::Publish, i);
            }
        }
        for (std::uint32_t i = 0; i < kConsumers; ++i) {
            const std::string name = "workers#" + std::to_string(i);
            m_consumers[i].rng = RandomStream::forEntity(seed, "consumer:" + name + "/0");
            m_consumers[i].ackLink = RandomStream::forEntity(seed, "link:" + name + "->broker");
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
            case Kind::ArriveAtBroker:
                m_ready.push(e.id);
                dispatch();
                break;
            case Kind::ProcessingDone:
                onProcessingDone(e.id);
                break;
            case Kind::AckAtBroker:
                --m_consumers[e.id].unacked;
                ++m_deliveries;
                dispatch();
                break;
            }
        }
        return bare::totalsSince(started, m_nextMessageId, m_deliveries, m_eventCount, m_now);
    }

private:
    std::int64_t arrival(RandomStream& linkRng, std::int64_t& lastArrival) {
        std::int64_t at = m_now + m_hop.sample(linkRng).nanos();
        if (at < lastArrival) {
            at = lastArrival;
        }
        lastArrival = at;
        return at;
    }

    void onPublish(std::uint32_t index) {
        Producer& p = m_producers[index];
        const std::uint32_t id = ++m_nextMessageId;
        m_events.push(arrival(p.link, p.lastArrival), Kind::ArriveAtBroker, id);
        if (--p.remaining > 0) {
            m_events.push(m_now + m_gap.sample(p.rng).nanos(), Kind::Publish, index);
        }
    }

    // Round-robin over consumers with room under their prefetch, resuming after the last one
    // served; the broker->consumer hop is instant, so a delivery lands in the backlog at once.
    void dispatch() {
        while (!m_ready.empty()) {
            std::uint32_t tried = 0;
            std::uint32_t chosen = kConsumers;
            while (tried < kConsumers) {
                const std::uint32_t candidate = m_nextConsumer;
                m_nextConsumer = m_nextConsumer + 1 == kConsumers ? 0 : m_nextConsumer + 1;
                ++tried;
                if (m_consumers[candidate].unacked < kPrefetch) {
                    chosen = candidate;
                    break;
                }
            }
            if (chosen == kConsumers) {
                return;
            }
            Consumer& c = m_consumers[chosen];
            ++c.unacked;
            c.backlog[(c.backlogHead + c.backlogSize) & 15] = m_ready.pop();
            ++c.backlogSize;
            startNext(c, chosen);
        }
    }

    void startNext(Consumer& c, std::uint32_t index) {
        if (c.busy || c.backlogSize == 0) {
            return;
        }
        c.backlogHead = (c.backlogHead + 1) & 15; // the message id itself is not needed further
        --c.backlogSize;
        c.busy = true;
        m_events.push(m_now + m_processing.sample(c.rng).nanos(), Kind::ProcessingDone, index);
    }

    void onProcessingDone(std::uint32_t index) {
        Consumer& c = m_consumers[index];
        c.busy = false;
        m_events.push(arrival(c.ackLink, c.lastAckArrival), Kind::AckAtBroker, index);
        startNext(c, index);
    }

    Distribution m_gap;
    Distribution m_processing;
    Distribution m_hop;
    std::array<Producer, kProducers> m_producers;
    std::array<Consumer, kConsumers> m_consumers;
    EventHeap m_events;
    IdRing m_ready;
    std::uint32_t m_nextConsumer = 0;
    std::uint32_t m_nextMessageId = 0;
    std::uint64_t m_deliveries = 0;
    std::uint64_t m_eventCount = 0;
    std::int64_t m_now = 0;
};

} // namespace
} // namespace evsim

int main(int argc, char** argv) {
    std::uint64_t messages = 1'000'000;
    std::uint64_t seed = 1;
    if (!evsim::bare::readCounts(argc, argv, {{"--messages", &messages}, {"--seed", &seed}})) {
        std::fprintf(stderr, "usage: %s [--messages N] [--seed S]\n", argv[0]);
        return 2;
    }
    // Message ids are 32-bit here, as evsim's message slots are.
    if (messages > UINT32_MAX) {
        std::fprintf(stderr, "--messages must be at most %u\n", UINT32_MAX);
        return 2;
    }

    evsim::BareLoop loop(messages, seed);
    const evsim::bare::Totals t = loop.run();
    evsim::bare::printTotals(t);
    return 0;
}
