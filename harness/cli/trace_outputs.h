#pragma once

#include "harness/io/output_file.h"
#include "harness/trace/correlated_log.h"
#include "harness/trace/span_builder.h"
#include "simulator/engine/simulation.h"

#include <CLI/CLI.hpp>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace evsim {

struct Scenario;

// The tracing outputs of a run, as typed: --trace, --trace-format, --mermaid, --trace-id,
// --first, --dot, --log, --max-spans.
struct TraceArgs {
    std::optional<std::string> tracePath;
    std::optional<std::string> traceFormat;
    std::optional<std::string> mermaidPath;
    std::optional<std::string> traceId;
    std::optional<std::string> first;
    std::optional<std::string> dotPath;
    std::optional<std::string> logPath;
    std::optional<std::string> maxSpans;

    // The paths given, with their options, for the check that no two outputs are one file.
    std::vector<OutputPath> paths() const;
};

// Registers the options on a command that runs a scenario.
void addTraceOptions(CLI::App& command, TraceArgs& args);

// The files those options name and what fills them: a SpanBuilder (for --trace and --mermaid)
// and a CorrelatedLog (--log) watch the run; the spans are written once it is over. Like every
// output, a file is replaced only when the run finished and everything was written.
class TraceOutputs {
public:
    // Reads the options and opens the files; the reason, for a usage error, otherwise.
    std::optional<std::string> open(const TraceArgs& args, const std::vector<std::string>& inputs);
    std::vector<SinkAttachment> watch(Simulation& sim, const Scenario& scenario);
    // Writes the spans, the diagram and the topology, and puts every file in place. Returns
    // the write errors; notes (traces left out) go to `notes`.
    std::vector<std::string> finish(const Simulation& sim, const Scenario& scenario,
                                    std::vector<std::string>& notes);
    // The files, to report which ones were not written.
    std::vector<const OutputFile*> files() const;
    bool toStdout() const;

private:
    std::unique_ptr<OutputFile> m_trace;
    std::unique_ptr<OutputFile> m_mermaid;
    std::unique_ptr<OutputFile> m_dot;
    std::unique_ptr<OutputFile> m_log;
    bool m_chrome = false;
    TraceLimits m_limits;
    std::optional<TraceId> m_only;
    std::size_t m_first = SIZE_MAX;
    std::unique_ptr<SpanBuilder> m_builder;
    std::unique_ptr<CorrelatedLog> m_logWriter;
};

} // namespace evsim
