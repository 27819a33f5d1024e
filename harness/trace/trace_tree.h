#pragma once

#include "harness/trace/span_builder.h"
#include "harness/trace/span_names.h"

#include <cstddef>
#include <string>

namespace evsim {

// One trace as an indented tree for a terminal: each span under its parent, siblings by start,
// with its start (from the trace's), duration, service instance and outcome; span events on
// lines of their own. Names are made printable (control characters escaped).
std::string formatTraceTree(const TraceSet& set, const TraceNames& names, std::uint32_t root);

// The traces of a run, one line each: id, root event, spans, services, duration and how it
// ended, at most `rows` of them.
std::string formatTraceList(const TraceSet& set, const TraceNames& names, std::size_t rows);

// How a trace ended: "complete" (every copy settled), "dead-lettered", "failed", "unfinished".
std::string traceOutcome(const TraceSet& set, const std::vector<std::size_t>& spans);

} // namespace evsim
