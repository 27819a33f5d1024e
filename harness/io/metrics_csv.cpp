#include "harness/io/metrics_csv.h"

#include "harness/io/output_file.h"
#include "simulator/engine/simulation.h"

#include <fmt/format.h>

namespace evsim {
namespace {

constexpr const char* kQueueColumns[] = {
    "ready",         "unacked",        "consumers",       "publish_per_s",
    "deliver_per_s", "ack_per_s",      "redeliver_per_s", "dead_lettered_total",
    "oldest_age_ms", "latency_p50_ms", "latency_p99_ms",  "processed"};

double millis(SimTime t) {
    return static_cast<double>(t.nanos()) / 1e6;
}

} // namespace

std::string csvField(std::string_view text) {
    if (text.find_first_of(",\"\r\n") == std::string_view::npos) {
        return std::string(text);
    }
    std::string out = "\"";
    for (const char c : text) {
        out += c == '"' ? "\"\"" : std::string(1, c);
    }
    return out + "\"";
}

MetricsCsvWriter::MetricsCsvWriter(const Simulation& sim, OutputFile& out) : m_out(out) {
    std::string header = "time_s";
    for (const QueueStats& q : sim.summary().queues) {
        for (const char* column : kQueueColumns) {
            header += "," + csvField(q.name + "." + column);
        }
    }
    for (std::size_t l = 0; l < sim.network().linkCount(); ++l) {
        header += "," + csvField(sim.network().linkName(static_cast<LinkIndex>(l)) + ".in_flight");
    }
    // A partitioned log's offsets: each partition's, then each group's place in its topic's.
    for (const auto& [topic, partitions] : sim.broker().logTopics()) {
        for (std::uint32_t p = 0; p < partitions; ++p) {
            for (const char* column : {"log_start", "log_end", "last_stable", "compacted"}) {
                header += "," + csvField(fmt::format("{}[{}].{}", topic, p, column));
            }
        }
    }
    for (std::size_t g = 0; g < sim.summary().queues.size(); ++g) {
        const std::string& group = sim.summary().queues[g].name;
        for (std::uint32_t p = 0; p < sim.broker().partitionCount(QueueIndex(g)); ++p) {
            for (const char* column : {"committed", "lag", "time_lag_ms"}) {
                header += "," + csvField(fmt::format("{}[{}].{}", group, p, column));
            }
        }
    }
    m_out.write(header);
    m_out.write('\n');
}

void MetricsCsvWriter::onSample(const MetricsSample& s) {
    m_row.clear();
    fmt::format_to(std::back_inserter(m_row), "{}", static_cast<double>(s.time.nanos()) / 1e9);
    for (const QueueSample& q : s.queues) {
        fmt::format_to(std::back_inserter(m_row), ",{},{},{},{},{},{},{},{},{},{},{},{}", q.ready,
                       q.unacked, q.consumers, q.publishRate, q.deliverRate, q.ackRate,
                       q.redeliverRate, q.deadLettered, millis(q.oldestAge), millis(q.latencyP50),
                       millis(q.latencyP99), q.processed);
    }
    for (const LinkSample& l : s.links) {
        fmt::format_to(std::back_inserter(m_row), ",{}", l.inFlight);
    }
    for (const PartitionSample& p : s.partitions) {
        fmt::format_to(std::back_inserter(m_row), ",{},{},{},{}", p.logStart, p.logEnd,
                       p.lastStable, p.compacted);
    }
    // A group that has not read yet has no offsets: its fields are empty.
    for (const GroupPartitionSample& g : s.groupPartitions) {
        if (g.reading) {
            fmt::format_to(std::back_inserter(m_row), ",{},{},{}", g.committed, g.lag,
                           millis(g.timeLag));
        } else {
            m_row += ",,,";
        }
    }
    m_row += '\n';
    m_out.write(m_row);
}

} // namespace evsim
