#pragma once

#include "simulator/observe/entity_table.h"
#include "simulator/observe/record_sink.h"

#include <cstdint>
#include <unordered_map>
#include <vector>

namespace evsim {

class OutputFile;
class Simulation;

// Writes, while a run goes, one structured log line per noteworthy record, as the services and
// the broker would log it: JSON Lines with time (RFC 3339), service, instance, level, message,
// trace_id and span_id, so that a log line leads to its span in any of the trace exports. A
// publish, a processed or failed message, a skipped repeat are the services'; requeues,
// expiries, dead-letterings and drops are the broker's.
class CorrelatedLog final : public RecordSink {
public:
    // `log`: the broker is a partitioned log (Kafka), else RabbitMQ.
    CorrelatedLog(const Simulation& simulation, bool log, OutputFile& out);
    void onRecord(const Record& record, const Message* message) override;

private:
    struct Line;
    void write(const Line& line);
    std::uint32_t rootOf(std::uint32_t message) const;
    // The span of the copy of `message` that `queue` holds now (its latest).
    std::uint64_t brokerSpanOf(std::uint32_t message, EntityId queue) const;

    const Simulation& m_simulation;
    OutputFile& m_out;
    bool m_log = false;
    std::vector<std::uint32_t> m_roots;                        // trace root by message id - 1
    std::unordered_map<std::uint64_t, std::uint32_t> m_copies; // copies by message << 32 | queue
};

} // namespace evsim
