#pragma once

#include "harness/asyncapi/asyncapi_export.h"
#include "harness/run/runner.h"
#include "harness/session/session.h"
#include "simulator/engine/trace_context.h"

#include <QString>
#include <QStringList>
#include <atomic>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace evsim::gui {

// What File › Export writes from a session, with the command line's own writers, so that a
// file from the app and one from `evsim run` are the same. Exports of a run compute it again
// with the writer attached (runs are deterministic: the same records). Each returns done, or
// refused with the error, and then the file at `path` is as it was. `progress` follows the run;
// setting `*cancel` stops it, and nothing is written.
struct ExportRun {
    std::function<void(const RunProgress&)> progress;
    const std::atomic<bool>* cancel = nullptr;
};

// The run's records as JSON Lines (`evsim run --events`).
Status exportEventsJsonl(const Session& session, const QString& path, ExportRun run = {});

enum class TraceFormat {
    Otlp,    // OTLP/JSON lines, for Jaeger and the OpenTelemetry Collector (`--trace`)
    Chrome,  // Chrome trace events, for Perfetto and chrome://tracing
    Mermaid, // a Mermaid sequence diagram of one trace (`--mermaid`)
};

// The run's spans in `format`. The diagram shows the trace `trace` (the selected message's),
// or the run's first trace without one. What was left out (traces past the span limit, hops
// past the diagram's) is added to `notes`.
Status exportTrace(const Session& session, const QString& path, TraceFormat format,
                   std::optional<TraceId> trace, std::vector<std::string>& notes,
                   ExportRun run = {});

// The topology as a Graphviz digraph (`evsim run --dot`); no run needed.
Status exportTopologyDot(const Session& session, const QString& path);

// The session's AsyncAPI 3.0 documents (`evsim export asyncapi`), one per service, and where
// each goes in `directory`.
struct AsyncApiFiles {
    std::vector<AsyncApiDocument> documents;
    QStringList paths; // one per document
};
AsyncApiFiles asyncApiFiles(const Session& session, const QString& directory);

// Writes them, creating `directory` when missing; the files written are added to `written`. A
// document that cannot be written stops the export (those written before it stay, and the
// error says how many).
Status writeAsyncApi(const Session& session, const QString& directory, const AsyncApiFiles& files,
                     QStringList& written);

} // namespace evsim::gui
