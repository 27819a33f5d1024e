#pragma once

#include "gui/views/topology/node_groups.h"
#include "simulator/scenario/scenario.h"

#include <QWidget>
#include <optional>
#include <set>

class QGraphicsView;

namespace evsim::gui {

class LegendBar;
class NodeFinder;
class SessionController;
class TopologyCanvas;
class TopologyScene;

// The central canvas: the scenario's topology laid out left to right, with the run at the time
// cursor drawn over it, and a legend underneath. Nodes can be dragged; where they are is kept
// beside the scenario (layout_file.h) as soon as a drag ends. Clicking a token selects its
// message, clicking a node its entity; right-clicking a service, instance, queue or network
// edge offers the interventions that apply to it. Nodes may be gathered into groups, each
// collapsed into one node until double-clicked.
class TopologyView : public QWidget {
    Q_OBJECT
public:
    explicit TopologyView(SessionController& controller, QWidget* parent = nullptr);
    ~TopologyView() override;

    void fit();
    void zoomIn();
    void zoomOut();
    // Goes to the node `text` names (topologyGraph::findByName) and selects it; false when
    // none matches.
    bool findNode(const QString& text);
    // Puts the keyboard in the find field.
    void startFinding();
    // Puts every node back where the layout engine placed it (and saves that).
    void resetLayout();
    // Writes the node positions beside the scenario; refused, with the error, when it cannot.
    // While a group is collapsed nothing is written: the file keeps every node's own place.
    Status saveLayout();

    // Gathers nodes into groups (node_groups.h), every group collapsed.
    void setGrouping(NodeGrouping grouping);
    NodeGrouping grouping() const { return m_grouping; }
    // Shows each member of group `key` (Node::group) again, or draws the group as one node.
    void expandGroup(const QString& key);
    void collapseGroup(const QString& key);
    // Focuses a collapsed group as selecting an entity focuses its node (the selection is
    // cleared: a group is no one entity); selecting anything else ends it.
    void focusGroup(const QString& key);
    // The layout file of the open scenario ("" for a scenario without a file).
    QString layoutPath() const;

    TopologyScene& scene() const { return *m_scene; }
    QGraphicsView& canvas() const;
    const LegendBar& legend() const { return *m_legend; }
    NodeFinder& finder() const { return *m_finder; }
    const TopologyCanvas& topologyCanvas() const { return *m_canvas; }

protected:
    // A theme switch: the nodes and edges keep pictures of themselves (a device cache), drawn
    // in the old colours until told to draw again.
    void changeEvent(QEvent* event) override;

private:
    void rebuild();
    void refresh();
    void highlight();
    friend class TopologyCanvas;

    SessionController& m_controller;
    TopologyScene* m_scene;
    TopologyCanvas* m_canvas;
    LegendBar* m_legend;
    NodeFinder* m_finder;
    std::optional<Scenario> m_effective; // the session's scenario with its interventions
    bool m_needsBuild = true;
    NodeGrouping m_grouping = NodeGrouping::None;
    std::set<QString> m_expanded; // groups the user opened
    QString m_focusedGroup;       // a collapsed group clicked on, while nothing is selected
};

} // namespace evsim::gui
