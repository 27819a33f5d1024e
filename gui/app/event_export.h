#pragma once

#include "harness/run/runner.h"
#include "harness/session/session.h"

#include <QString>
#include <atomic>
#include <functional>

namespace evsim::gui {

// Writes the session's run as JSON Lines with the CLI's own writer (`evsim run --events`): the
// run is computed again with the file attached, which gives the same records since runs are
// deterministic. Done, or refused with the error (and the file at `path` is as it was).
// `progress` follows the run; setting `*cancel` stops it, and nothing is written.
Status exportEventsJsonl(const Session& session, const QString& path,
                         std::function<void(const RunProgress&)> progress = {},
                         const std::atomic<bool>* cancel = nullptr);

} // namespace evsim::gui
