#pragma once

#include "harness/run/runner.h"
#include "harness/session/session.h"

#include <QString>
#include <QStringList>
#include <atomic>
#include <cstdint>
#include <functional>
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

// The run's spans in `format`. The diagram shows the trace `message` belongs to, or the first
// trace when `message` is 0 or in no trace kept. What was left out (traces past the span limit,
// hops past the diagram's) is added to `notes`.
Status exportTrace(const Session& session, const QString& path, TraceFormat format,
                   std::uint32_t message, std::vector<std::string>& notes, ExportRun run = {});

// The topology as a Graphviz digraph (`evsim run --dot`); no run needed.
Status exportTopologyDot(const Session& session, const QString& path);

// One AsyncAPI 3.0 document per service into `directory` (`evsim export asyncapi`), created
// when missing; the files written are added to `written`. A document that cannot be written
// stops the export (those written before it stay).
Status exportAsyncApi(const Session& session, const QString& directory, QStringList& written);

} // namespace evsim::gui
