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

// Adds `choice` at the cursor, for `duration` when it asks one; "" or why it cannot.
QString applyChoice(SessionController& controller, const InterventionChoice& choice,
                    SimTime duration);

} // namespace evsim::gui
