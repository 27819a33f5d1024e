#pragma once

#include "harness/trace/span_builder.h"
#include "harness/trace/span_names.h"

#include <cstddef>
#include <optional>
#include <string>

// A run's spans written in the formats tracing tools read. Every writer orders spans by trace
// (in the order traces began) and, within one, by start time, so the files are the same on
// every run.

namespace evsim {

class OutputFile;

// OTLP/JSON as the OpenTelemetry Collector's file exporter writes it: JSON Lines, one
// TracesData per line (one per trace here), resourceSpans by service (service.name,
// service.instance.id) -> scopeSpans -> spans; ids in lowercase hex, enums as integers, times as
// decimal strings of Unix nanoseconds (virtual time 0 is 2000-01-01T00:00:00Z).
void writeOtlpJson(const TraceSet& set, const TraceNames& names, OutputFile& out);

// The Chrome trace event format (chrome://tracing, Perfetto): complete events ("X") with ts and
// dur in microseconds, a process per service and the broker, a thread per instance or queue,
// and flow arrows from each send to the deliveries it led to.
void writeChromeTrace(const TraceSet& set, const TraceNames& names, OutputFile& out);

// A Mermaid sequence diagram of the spans' hops, in time order: a publish (service to
// exchange or topic), a route (exchange to queue), a delivery (queue to service), a
// dead-lettering (queue to its dead-letter exchange). At most `maxHops` arrows; a comment says
// how many more there were.
struct MermaidOptions {
    std::size_t firstMessages = SIZE_MAX; // only the hops of the first N messages sent
    std::optional<std::uint32_t> root;    // only the trace of this root message
    std::size_t maxHops = 500;
};
// Returns how many hops were left out.
std::size_t writeMermaid(const TraceSet& set, const TraceNames& names,
                         const MermaidOptions& options, OutputFile& out);

// Mermaid text for a participant's label: characters that could end or change the statement
// become Mermaid's entity codes (#35; for '#').
std::string mermaidLabel(const std::string& text);

} // namespace evsim
