#include "harness/session/run_comparison.h"

#include "harness/session/run_feed.h"
#include "simulator/engine/simulation.h"

#include <algorithm>
#include <array>
#include <memory>
#include <utility>

namespace evsim {
namespace {

using QueueFigure = std::pair<const char*, std::uint64_t (*)(const QueueStats&)>;
constexpr std::array<QueueFigure, 9> kQueueFigures{{
    {"published",
     [](const QueueStats& q) {
         return q.published;
     }},
    {"delivered",
     [](const QueueStats& q) {
         return q.delivered;
     }},
    {"redelivered",
     [](const QueueStats& q) {
         return q.redelivered;
     }},
    {"acked",
     [](const QueueStats& q) {
         return q.acked;
     }},
    {"requeued",
     [](const QueueStats& q) {
         return q.requeued;
     }},
    {"dropped",
     [](const QueueStats& q) {
         return q.dropped;
     }},
    {"dead-lettered",
     [](const QueueStats& q) {
         return q.deadLetteredTotal();
     }},
    {"max depth",
     [](const QueueStats& q) {
         return q.maxDepth;
     }},
    {"held at the end",
     [](const QueueStats& q) {
         return q.ready + q.unacked;
     }},
}};

using ConsumerFigure = std::pair<const char*, std::uint64_t (*)(const ConsumerStats&)>;
constexpr std::array<ConsumerFigure, 4> kConsumerFigures{{
    {"processed",
     [](const ConsumerStats& c) {
         return c.processed;
     }},
    {"failed",
     [](const ConsumerStats& c) {
         return c.failed;
     }},
    {"processed again",
     [](const ConsumerStats& c) {
         return c.duplicatesProcessed;
     }},
    {"deduplicated",
     [](const ConsumerStats& c) {
         return c.deduplicated;
     }},
}};

std::string consumerName(const ConsumerStats& c) {
    return c.service + " <- " + c.queue;
}

// The names of A's entries first, then those only B has.
template <typename T, typename Name>
std::vector<std::string> unionOfNames(const std::vector<T>& a, const std::vector<T>& b, Name name) {
    std::vector<std::string> out;
    for (const T& x : a) {
        out.push_back(name(x));
    }
    std::vector<std::string> sorted = out;
    std::sort(sorted.begin(), sorted.end());
    for (const T& x : b) {
        if (!std::binary_search(sorted.begin(), sorted.end(), name(x))) {
            out.push_back(name(x));
        }
    }
    return out;
}

template <typename T, typename Name>
const T* named(const std::vector<T>& all, const std::string& wanted, Name name) {
    const auto it =
        std::find_if(all.begin(), all.end(), [&](const T& x) { return name(x) == wanted; });
    return it == all.end() ? nullptr : &*it;
}

// A's entity ids as B numbers the same (kind, name); kNoEntity where B has none.
std::vector<EntityId> entityMap(const EntityTable& a, const EntityTable& b) {
    std::vector<EntityId> map(a.size(), kNoEntity);
    for (std::size_t id = 0; id < a.size(); ++id) {
        const EntityInfo& e = a[static_cast<EntityId>(id)];
        map[id] = id == 0 ? 0 : b.find(e.kind, e.name);
    }
    return map;
}

bool sameRecord(const Record& a, const Record& b, const std::vector<EntityId>& map) {
    const auto mapped = [&](EntityId id) {
        return id < map.size() ? map[id] : kNoEntity;
    };
    return a.time == b.time && a.kind == b.kind && a.detail == b.detail && a.attempt == b.attempt &&
           a.message == b.message && mapped(a.entity) == b.entity && mapped(a.aux) == b.aux;
}

} // namespace

std::optional<std::int64_t> ComparedFigure::delta() const {
    if (!a || !b) {
        return std::nullopt;
    }
    return static_cast<std::int64_t>(*b) - static_cast<std::int64_t>(*a);
}

std::size_t RunComparison::differingFigures() const {
    return static_cast<std::size_t>(std::count_if(
        figures.begin(), figures.end(), [](const ComparedFigure& f) { return f.differs(); }));
}

RunComparison compareRuns(const RunData& a, const RunData& b) {
    RunComparison out;
    const RunSummary& sa = a.summary();
    const RunSummary& sb = b.summary();
    const auto queueName = [](const QueueStats& q) {
        return q.name;
    };
    for (const std::string& name : unionOfNames(sa.queues, sb.queues, queueName)) {
        const QueueStats* qa = named(sa.queues, name, queueName);
        const QueueStats* qb = named(sb.queues, name, queueName);
        for (const auto& [figure, value] : kQueueFigures) {
            out.figures.push_back({ComparedFigure::Of::Queue, name, figure,
                                   qa ? std::optional(value(*qa)) : std::nullopt,
                                   qb ? std::optional(value(*qb)) : std::nullopt});
        }
    }
    for (const std::string& name : unionOfNames(sa.consumers, sb.consumers, consumerName)) {
        const ConsumerStats* ca = named(sa.consumers, name, consumerName);
        const ConsumerStats* cb = named(sb.consumers, name, consumerName);
        for (const auto& [figure, value] : kConsumerFigures) {
            out.figures.push_back({ComparedFigure::Of::Consumer, name, figure,
                                   ca ? std::optional(value(*ca)) : std::nullopt,
                                   cb ? std::optional(value(*cb)) : std::nullopt});
        }
    }
    out.recordsA = a.records().size();
    out.recordsB = b.records().size();
    out.digestA = a.digest();
    out.digestB = b.digest();
    const std::vector<EntityId> map = entityMap(a.entities(), b.entities());
    const std::size_t common = std::min(out.recordsA, out.recordsB);
    std::size_t i = 0;
    while (i < common && sameRecord(a.records()[i], b.records()[i], map)) {
        ++i;
    }
    if (i < common || out.recordsA != out.recordsB) {
        out.firstDifference = i;
    }
    return out;
}

RunData computeRunData(const Scenario& scenario, RunOptions options) {
    std::unique_ptr<RunFeed> feed;
    options.keepRecords = false; // the RunData keeps its own copy
    options.watch = [&feed](Simulation& sim) {
        feed = std::make_unique<RunFeed>(sim);
        return attachments(sim.attach(static_cast<RecordSink&>(*feed)),
                           sim.attach(static_cast<MetricsSink&>(*feed)));
    };
    const RunOutcome outcome = runScenario(scenario, options);
    RunData data;
    if (feed) {
        data.append(feed->take());
    }
    data.finish(outcome);
    return data;
}

} // namespace evsim
