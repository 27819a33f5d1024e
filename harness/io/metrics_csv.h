#pragma once

#include "simulator/observe/metrics_sink.h"

#include <string>
#include <vector>

namespace evsim {

class OutputFile;
class Simulation;

// Writes a run's metrics as CSV (RFC 4180) while it runs: a header row, then one row per
// sample. Units are in the column names (time_s, …_per_s, …_ms), so a spreadsheet or pandas
// reads it as it is:
//   time_s, orders.ready, orders.unacked, orders.consumers, orders.publish_per_s, …,
//   orders->broker.in_flight, …
// Numbers never depend on the locale.
class MetricsCsvWriter final : public MetricsSink {
public:
    MetricsCsvWriter(const Simulation& simulation, OutputFile& out);
    void onSample(const MetricsSample& sample) override;

private:
    OutputFile& m_out;
    std::string m_row; // reused
};

// A CSV field: quoted (with doubled quotes) when it holds a comma, a quote or a line break.
std::string csvField(std::string_view text);

} // namespace evsim
