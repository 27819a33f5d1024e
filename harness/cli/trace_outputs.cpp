#include "harness/cli/trace_outputs.h"

#include "harness/cli/option_values.h"
#include "harness/io/topology_dot.h"
#include "harness/trace/trace_writers.h"
#include "simulator/scenario/printable.h"
#include "simulator/scenario/scenario.h"

namespace evsim {

std::vector<OutputPath> TraceArgs::paths() const {
    std::vector<OutputPath> out;
    for (const auto& [option, path] :
         {std::pair("--trace", &tracePath), std::pair("--mermaid", &mermaidPath),
          std::pair("--dot", &dotPath), std::pair("--log", &logPath)}) {
        if (*path) {
            out.push_back({option, **path});
        }
    }
    return out;
}

void addTraceOptions(CLI::App& command, TraceArgs& args) {
    command
        .add_option("--trace", args.tracePath,
                    "Write the run's spans (OpenTelemetry messaging conventions) to this file, "
                    "in --trace-format")
        ->type_name("OUT");
    command
        .add_option("--trace-format", args.traceFormat,
                    "otlp: OTLP/JSON lines, one trace a line, for Jaeger and the OpenTelemetry "
                    "Collector (the default); chrome: Chrome trace events, for Perfetto and "
                    "chrome://tracing")
        ->type_name("otlp|chrome");
    command
        .add_option("--mermaid", args.mermaidPath,
                    "Write a Mermaid sequence diagram of the first trace, of --trace-id, or of "
                    "the --first N messages")
        ->type_name("OUT.mmd");
    command
        .add_option("--trace-id", args.traceId,
                    "Only this trace in --trace and --mermaid: its 32 hex digits, or a "
                    "traceparent")
        ->type_name("ID");
    command.add_option("--first", args.first, "The diagram shows the first N messages sent")
        ->type_name("N");
    command.add_option("--dot", args.dotPath, "Write the topology as a Graphviz digraph")
        ->type_name("OUT.dot");
    command
        .add_option("--log", args.logPath,
                    "Write one structured log line per publish, processing, requeue, "
                    "dead-lettering and drop, with trace_id and span_id (JSON Lines)")
        ->type_name("OUT.jsonl");
    command
        .add_option("--max-spans", args.maxSpans,
                    "Traces begun past this many spans are left out, and said so (default "
                    "200000)")
        ->type_name("N");
}

std::optional<std::string> TraceOutputs::open(const TraceArgs& args,
                                              const std::vector<std::string>& inputs) {
    if (args.traceFormat) {
        if (*args.traceFormat != "otlp" && *args.traceFormat != "chrome") {
            return "--trace-format must be otlp or chrome, got \"" + printable(*args.traceFormat) +
                   "\"";
        }
        if (!args.tracePath) {
            return "--trace-format needs --trace OUT";
        }
        m_chrome = *args.traceFormat == "chrome";
    }
    if (args.traceId) {
        std::string error;
        const std::optional<TraceId> id = parseTraceIdOrTraceparent(*args.traceId, error);
        if (!id) {
            return "--trace-id \"" + printable(*args.traceId) + "\": " + error;
        }
        if (!args.tracePath && !args.mermaidPath) {
            return "--trace-id chooses what --trace and --mermaid write; give one of them";
        }
        m_only = id;
        m_limits.only = id;
    }
    if (args.first) {
        if (args.traceId) {
            return "--first and --trace-id both choose what --mermaid shows; give one";
        }
        if (!args.mermaidPath) {
            return "--first chooses what --mermaid shows; give --mermaid OUT.mmd";
        }
        const auto n = readWholeNumber("--first", *args.first, 1, 100'000);
        if (const auto* error = std::get_if<std::string>(&n)) {
            return *error;
        }
        m_first = std::get<std::uint64_t>(n);
    }
    if (args.maxSpans) {
        const auto n = readWholeNumber("--max-spans", *args.maxSpans, 1, 100'000'000);
        if (const auto* error = std::get_if<std::string>(&n)) {
            return *error;
        }
        m_limits.maxSpans = std::get<std::uint64_t>(n);
    }
    for (const auto& [path, file] :
         {std::pair(&args.tracePath, &m_trace), std::pair(&args.mermaidPath, &m_mermaid),
          std::pair(&args.dotPath, &m_dot), std::pair(&args.logPath, &m_log)}) {
        if (*path) {
            std::string error;
            *file = OutputFile::open(**path, inputs, error);
            if (!*file) {
                return error;
            }
        }
    }
    return std::nullopt;
}

std::vector<SinkAttachment> TraceOutputs::watch(Simulation& sim, const Scenario& scenario) {
    std::vector<SinkAttachment> out;
    const bool log = scenario.broker.kind == BrokerKind::Kafka;
    if (m_trace || m_mermaid) {
        m_builder = std::make_unique<SpanBuilder>(sim.seed(), sim.entities(), log, m_limits);
        out.push_back(sim.attach(*m_builder));
    }
    if (m_log) {
        m_logWriter = std::make_unique<CorrelatedLog>(sim, log, *m_log);
        out.push_back(sim.attach(*m_logWriter));
    }
    return out;
}

std::vector<std::string> TraceOutputs::finish(const Simulation& sim, const Scenario& scenario,
                                              std::vector<std::string>& notes) {
    if (m_builder) {
        const TraceSet set = m_builder->finish(sim.now());
        const TraceNames names{sim.seed(), sim.entities(), sim.eventTypes(), sim.strings(),
                               scenario.broker.kind == BrokerKind::Kafka};
        if (m_trace) {
            if (m_chrome) {
                writeChromeTrace(set, names, *m_trace);
            } else {
                writeOtlpJson(set, names, *m_trace);
            }
        }
        if (m_only && set.traces == 0) {
            notes.push_back("no trace has the id " + hexId(*m_only) +
                            ": the files name none (see `evsim trace FILE` for the run's traces)");
        }
        if (set.tracesLeftOut > 0) {
            notes.push_back(std::to_string(set.traces) + " traces written, " +
                            std::to_string(set.tracesLeftOut) + " more left out past --max-spans " +
                            std::to_string(m_limits.maxSpans));
        }
        if (set.cut) {
            notes.push_back("a long trace lost its spans past twice --max-spans");
        }
        if (m_mermaid) {
            MermaidOptions options;
            options.firstMessages = m_first;
            if (!m_only && m_first == SIZE_MAX && !set.spans.empty()) {
                options.root = set.spans.front().root; // the first trace
            }
            if (const std::size_t left = writeMermaid(set, names, options, *m_mermaid); left > 0) {
                notes.push_back("the diagram shows " + std::to_string(options.maxHops) + " hops; " +
                                std::to_string(left) + " more left out");
            }
        }
    }
    if (m_dot) {
        m_dot->write(topologyDot(scenario));
    }
    std::vector<std::string> errors;
    for (OutputFile* out : {m_trace.get(), m_mermaid.get(), m_dot.get(), m_log.get()}) {
        if (out != nullptr) {
            if (const auto error = out->commit()) {
                errors.push_back(*error);
            }
        }
    }
    return errors;
}

std::vector<const OutputFile*> TraceOutputs::files() const {
    std::vector<const OutputFile*> out;
    for (const OutputFile* f : {m_trace.get(), m_mermaid.get(), m_dot.get(), m_log.get()}) {
        if (f != nullptr) {
            out.push_back(f);
        }
    }
    return out;
}

bool TraceOutputs::toStdout() const {
    for (const OutputFile* f : files()) {
        if (f->isStdout()) {
            return true;
        }
    }
    return false;
}

} // namespace evsim
