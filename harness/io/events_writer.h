#pragma once

#include "harness/io/copy_headers.h"
#include "simulator/observe/record_sink.h"

namespace evsim {

class OutputFile;
class Simulation;

// Writes every record of a run as one JSON object per line (JSON Lines) while the run goes,
// so it works the same whether or not the run keeps its records (`--stream`). Names and
// bodies are written exactly, with JSON escapes. Published records carry the message's
// CloudEvents envelope; delivered records the headers the consumer sees (CopyHeaders).
class EventsWriter final : public RecordSink {
public:
    EventsWriter(const Simulation& simulation, const Scenario& scenario, OutputFile& out);
    void onRecord(const Record& record, const Message* message) override;

private:
    const Simulation& m_simulation;
    OutputFile& m_out;
    CopyHeaders m_headers;
    bool m_log = false; // a partitioned log: an enqueued record names its partition
};

} // namespace evsim
