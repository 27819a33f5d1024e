#pragma once

#include "simulator/observe/record_sink.h"

namespace evsim {

class OutputFile;
class Simulation;

// Writes every record of a run as one JSON object per line (JSON Lines) while the run goes,
// so it works the same whether or not the run keeps its records (`--stream`). Names and
// bodies are written exactly, with JSON escapes. Published records carry the message's
// CloudEvents envelope.
class EventsWriter final : public RecordSink {
public:
    EventsWriter(const Simulation& simulation, OutputFile& out)
        : m_simulation(simulation), m_out(out) {}
    void onRecord(const Record& record, const Message* message) override;

private:
    const Simulation& m_simulation;
    OutputFile& m_out;
};

} // namespace evsim
