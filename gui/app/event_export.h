#pragma once

#include "session/session.h"

#include <QString>

namespace evsim::gui {

// Writes the session's run as JSON Lines with the CLI's own writer (`evsim run --events`): the
// run is computed again with the file attached, which gives the same records since runs are
// deterministic. "" when written, otherwise the error.
QString exportEventsJsonl(const Session& session, const QString& path);

} // namespace evsim::gui
