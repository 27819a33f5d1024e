#include "gui/app/event_export.h"

#include "harness/io/events_writer.h"
#include "harness/io/output_file.h"
#include "harness/run/runner.h"
#include "simulator/engine/simulation.h"

#include <memory>

namespace evsim::gui {

Status exportEventsJsonl(const Session& session, const QString& path,
                         std::function<void(const RunProgress&)> progress,
                         const std::atomic<bool>* cancel) {
    std::string error;
    std::vector<std::string> inputs;
    if (!session.path().empty()) {
        inputs.push_back(session.path());
    }
    std::unique_ptr<OutputFile> out = OutputFile::open(path.toStdString(), inputs, error);
    if (!out) {
        return Status::refused(std::move(error));
    }
    std::unique_ptr<EventsWriter> writer;
    RunOptions options;
    options.seed = session.seed;
    options.keepRecords = false;
    options.progress = std::move(progress);
    options.cancel = cancel;
    const Scenario effective = session.effective();
    options.watch = [&](Simulation& sim) {
        writer = std::make_unique<EventsWriter>(sim, effective, *out);
        return attachments(sim.attach(*writer));
    };
    const RunOutcome outcome = runScenario(effective, options);
    if (!outcome.completed()) {
        return Status::refused("the run " + stopText(outcome.stop) + "; nothing was written");
    }
    if (std::optional<std::string> failed = out->commit()) {
        return Status::refused(std::move(*failed));
    }
    return Status::done();
}

} // namespace evsim::gui
