#pragma once

#include <charconv>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <initializer_list>
#include <vector>

// What the bare baselines (bare_loop.cpp, bare_wide.cpp) share: their event heap, their
// totals and how they read and print numbers.
namespace evsim::bare {

// The event heap of the bare baselines: 24-byte events in a 4-ary min-heap ordered by (time,
// insertion order), the same layout and sift strategy as evsim's Scheduler, so a comparison
// measures what surrounds the heap rather than two different heaps. `Kind` is each baseline's
// own enumeration of what happens.
template <typename Kind> class EventHeap {
public:
    struct Event {
        std::int64_t time; // ns
        std::uint64_t seq; // insertion order: equal times fire FIFO, as in evsim's Scheduler
        std::uint32_t id;
        Kind kind;
    };
    static_assert(sizeof(Event) == 24, "24 bytes an event");

    EventHeap() { m_heap.reserve(1024); }

    bool empty() const { return m_heap.empty(); }

    void push(std::int64_t time, Kind kind, std::uint32_t id) {
        Event moving{time, m_nextSeq++, id, kind};
        std::size_t i = m_heap.size();
        m_heap.push_back(moving);
        while (i > 0) {
            const std::size_t parent = (i - 1) / kArity;
            if (!before(moving, m_heap[parent])) {
                break;
            }
            m_heap[i] = m_heap[parent];
            i = parent;
        }
        m_heap[i] = moving;
    }

    Event pop() {
        const Event top = m_heap.front();
        const Event last = m_heap.back();
        m_heap.pop_back();
        const std::size_t n = m_heap.size();
        if (n == 0) {
            return top;
        }
        std::size_t hole = 0;
        for (;;) {
            const std::size_t first = hole * kArity + 1;
            if (first >= n) {
                break;
            }
            const std::size_t end = first + kArity < n ? first + kArity : n;
            std::size_t best = first;
            for (std::size_t c = first + 1; c < end; ++c) {
                if (before(m_heap[c], m_heap[best])) {
                    best = c;
                }
            }
            if (!before(m_heap[best], last)) {
                break;
            }
            m_heap[hole] = m_heap[best];
            hole = best;
        }
        m_heap[hole] = last;
        return top;
    }

private:
    static constexpr std::size_t kArity = 4;

    static bool before(const Event& a, const Event& b) {
        return a.time < b.time || (a.time == b.time && a.seq < b.seq);
    }

    std::vector<Event> m_heap;
    std::uint64_t m_nextSeq = 0;
};

// What a baseline's run did, printed as `key: value` lines like `evsim bench`'s.
struct Totals {
    std::uint64_t messages = 0;
    std::uint64_t deliveries = 0;
    std::uint64_t events = 0;
    std::int64_t endTime = 0;
    double wallSeconds = 0;
};

// What a loop that started at `started` reports when its last event is done.
inline Totals totalsSince(std::chrono::steady_clock::time_point started, std::uint64_t messages,
                          std::uint64_t deliveries, std::uint64_t events, std::int64_t endTime) {
    Totals t;
    t.wallSeconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    t.messages = messages;
    t.deliveries = deliveries;
    t.events = events;
    t.endTime = endTime;
    return t;
}

inline void printTotals(const Totals& t) {
    std::printf("messages: %llu\n", static_cast<unsigned long long>(t.messages));
    std::printf("deliveries: %llu\n", static_cast<unsigned long long>(t.deliveries));
    std::printf("events: %llu\n", static_cast<unsigned long long>(t.events));
    std::printf("end_time_ns: %lld\n", static_cast<long long>(t.endTime));
    std::printf("wall_seconds: %.3f\n", t.wallSeconds);
    std::printf("deliveries_per_s: %.0f\n", static_cast<double>(t.deliveries) / t.wallSeconds);
    std::printf("events_per_s: %.0f\n", static_cast<double>(t.events) / t.wallSeconds);
}

// A whole number written in plain digits, all of `text`.
inline bool parseCount(const char* text, std::uint64_t& out) {
    const char* end = text + std::strlen(text);
    const auto [ptr, ec] = std::from_chars(text, end, out);
    return ec == std::errc() && ptr == end;
}

struct CountOption {
    const char* name; // "--messages"
    std::uint64_t* value;
};

// Reads the command line as "--name N" pairs into `options`; false at an unknown name, a
// missing value or one that is not a whole number.
inline bool readCounts(int argc, char** argv, std::initializer_list<CountOption> options) {
    for (int i = 1; i < argc; i += 2) {
        const CountOption* option = nullptr;
        for (const CountOption& o : options) {
            option = std::strcmp(argv[i], o.name) == 0 ? &o : option;
        }
        if (option == nullptr || i + 1 >= argc || !parseCount(argv[i + 1], *option->value)) {
            return false;
        }
    }
    return true;
}

} // namespace evsim::bare
