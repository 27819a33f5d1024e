#include "gui/app/run_export.h"

#include "harness/io/events_writer.h"
#include "harness/io/output_file.h"
#include "harness/io/topology_dot.h"
#include "harness/trace/span_builder.h"
#include "harness/trace/trace_writers.h"
#include "simulator/engine/simulation.h"

#include <memory>

namespace evsim::gui {
namespace {

// The session's own file is never a place to export to.
std::vector<std::string> inputsOf(const Session& session) {
    return session.path().empty() ? std::vector<std::string>{}
                                  : std::vector<std::string>{session.path()};
}

std::unique_ptr<OutputFile> openOutput(const Session& session, const QString& path,
                                       std::string& error) {
    return OutputFile::open(path.toStdString(), inputsOf(session), error);
}

// Runs the session again with what `watch` attaches, then `write` (given the finished
// simulation), then puts `out` in place.
Status runAndWrite(const Session& session, const Scenario& effective, OutputFile& out,
                   ExportRun run, std::function<std::vector<SinkAttachment>(Simulation&)> watch,
                   const std::function<void(const Simulation&)>& write = {}) {
    RunOptions options;
    options.seed = session.seed;
    options.keepRecords = false;
    options.progress = std::move(run.progress);
    options.cancel = run.cancel;
    options.watch = std::move(watch);
    const RunOutcome outcome = runScenario(effective, options);
    if (!outcome.completed()) {
        return Status::refused("the run " + stopText(outcome.stop) + "; nothing was written");
    }
    if (write) {
        write(*outcome.simulation);
    }
    if (std::optional<std::string> failed = out.commit()) {
        return Status::refused(std::move(*failed));
    }
    return Status::done();
}

} // namespace

Status exportEventsJsonl(const Session& session, const QString& path, ExportRun run) {
    std::string error;
    std::unique_ptr<OutputFile> out = openOutput(session, path, error);
    if (!out) {
        return Status::refused(std::move(error));
    }
    const Scenario effective = session.effective();
    std::unique_ptr<EventsWriter> writer;
    return runAndWrite(session, effective, *out, std::move(run), [&](Simulation& sim) {
        writer = std::make_unique<EventsWriter>(sim, effective, *out);
        return attachments(sim.attach(*writer));
    });
}

Status exportTrace(const Session& session, const QString& path, TraceFormat format,
                   std::optional<TraceId> trace, std::vector<std::string>& notes, ExportRun run) {
    std::string error;
    std::unique_ptr<OutputFile> out = openOutput(session, path, error);
    if (!out) {
        return Status::refused(std::move(error));
    }
    const Scenario effective = session.effective();
    const bool log = effective.broker.kind == BrokerKind::Kafka;
    TraceLimits limits;
    if (format == TraceFormat::Mermaid) {
        limits.only = trace; // the one trace the diagram shows, however far into the run
    }
    std::unique_ptr<SpanBuilder> builder;
    const auto watch = [&](Simulation& sim) {
        builder = std::make_unique<SpanBuilder>(sim.seed(), sim.entities(), log, limits);
        return attachments(sim.attach(*builder));
    };
    const auto write = [&](const Simulation& sim) {
        const TraceSet set = builder->finish(sim.now());
        const TraceNames names{sim.seed(), sim.entities(), sim.eventTypes(), sim.strings(), log};
        if (set.tracesLeftOut > 0) {
            notes.push_back(std::to_string(set.tracesLeftOut) + " traces left out past " +
                            std::to_string(limits.maxSpans) + " spans");
        }
        if (format == TraceFormat::Otlp) {
            writeOtlpJson(set, names, *out);
        } else if (format == TraceFormat::Chrome) {
            writeChromeTrace(set, names, *out);
        } else {
            MermaidOptions options;
            if (!set.spans.empty()) {
                options.root = set.spans.front().root; // the trace asked for, or the first
            }
            if (const std::size_t left = writeMermaid(set, names, options, *out); left > 0) {
                notes.push_back("the diagram shows " + std::to_string(options.maxHops) + " hops; " +
                                std::to_string(left) + " more left out");
            }
        }
    };
    return runAndWrite(session, effective, *out, std::move(run), watch, write);
}

Status exportTopologyDot(const Session& session, const QString& path) {
    std::string error;
    std::unique_ptr<OutputFile> out = openOutput(session, path, error);
    if (!out) {
        return Status::refused(std::move(error));
    }
    out->write(topologyDot(session.effective()));
    if (std::optional<std::string> failed = out->commit()) {
        return Status::refused(std::move(*failed));
    }
    return Status::done();
}

AsyncApiFiles asyncApiFiles(const Session& session, const QString& directory) {
    AsyncApiFiles files;
    files.documents = exportAsyncApi(session.effective());
    for (const AsyncApiDocument& d : files.documents) {
        files.paths << QString::fromStdString(asyncApiPath(directory.toStdString(), d));
    }
    return files;
}

Status writeAsyncApi(const Session& session, const QString& directory, const AsyncApiFiles& files,
                     QStringList& written) {
    std::vector<std::string> paths;
    std::optional<std::string> failed =
        writeAsyncApiDocuments(files.documents, directory.toStdString(), inputsOf(session), paths);
    for (const std::string& path : paths) {
        written << QString::fromStdString(path);
    }
    if (failed && !paths.empty()) {
        *failed += " (" + std::to_string(paths.size()) + " of " +
                   std::to_string(files.documents.size()) + " documents were written before)";
    }
    return failed ? Status::refused(std::move(*failed)) : Status::done();
}

} // namespace evsim::gui
