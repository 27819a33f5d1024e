#pragma once

#include "gui/views/topology/topology_graph.h"

class QMenu;
class QWidget;

namespace evsim::gui {

class SessionController;

// Fills the canvas's right-click menu with what can be added to or removed from the scenario
// where the user clicked: `node` or `edge`, an arrow of `graph` (neither: the empty canvas). An
// exchange takes producers and bindings, a queue consumers; a queue, a producer, a consumer and a
// binding can go. Each entry asks what it needs in small dialogs, confirms a removal that takes
// other parts with it, and edits the session (harness/session/ topology_edit.h), whose run starts
// again. Returns the number of entries.
int fillCanvasEditMenu(QMenu& menu, SessionController& controller, const TopologyGraph& graph,
                       const TopologyGraph::Node* node, const TopologyGraph::Edge* edge,
                       QWidget* dialogParent);

} // namespace evsim::gui
