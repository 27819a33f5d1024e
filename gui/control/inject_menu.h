#pragma once

#include "simulator/kernel/sim_time.h"
#include "simulator/observe/entity_table.h"

#include <QString>

class QMenu;
class QWidget;

namespace evsim {
struct InterventionChoice;
}

namespace evsim::gui {

class SessionController;

// Fills `menu` with what can be done to `target` at the time cursor (see
// interventionChoices): the canvas's context menus and the Inject menu both come from here.
// Choices that last ask for a duration in a small dialog first. Returns the number of entries.
int fillInjectMenu(QMenu& menu, SessionController& controller, EntityId target,
                   QWidget* dialogParent);

// Fills `menu` with what can be done to message `message` on its first hop from `at` on (see
// messageChoices), under a section that names it: the right-click menus of a token on the
// canvas, a row of the log and an arrow of the sequence view. Returns the number of entries.
int fillMessageMenu(QMenu& menu, SessionController& controller, std::uint32_t message, SimTime at,
                    QWidget* dialogParent);

// Adds `choice` at the cursor, for `duration` when it asks one; "" or why it cannot.
QString applyChoice(SessionController& controller, const InterventionChoice& choice,
                    SimTime duration);

} // namespace evsim::gui
