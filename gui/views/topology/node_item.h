#pragma once

#include "gui/views/topology/topology_graph.h"

#include <QGraphicsItem>
#include <QString>
#include <functional>
#include <vector>

namespace evsim::gui {

// What one service instance is doing at the cursor, as its dot shows it.
enum class InstanceState { Idle, Busy, Crashed, Paused, Hung, NotConsuming };
QString instanceStateName(InstanceState state);

// One node of the canvas: a service (a rounded box with a dot per instance), an exchange (a
// hexagon with its type) or a queue (a capsule with its depth bar). A collapsed group is drawn
// as its kind is, with one more line: how many it stands for and, for queues, their rates; a
// group of more instances than fit in one row shows them as one bar of their states. The item's
// origin is the node's centre; every label is drawn inside boundingRect(), so boxes that do not
// overlap have labels that do not either. The user can drag it; `onMoved` hears about it.
class NodeItem : public QGraphicsItem {
public:
    explicit NodeItem(TopologyGraph::Node node, int index);

    const TopologyGraph::Node& node() const { return m_node; }
    int index() const { return m_index; }
    QSizeF size() const { return m_size; }

    // Queues: the depth at the cursor. Services: each instance's state (by instance number).
    // Each setter returns whether anything changed.
    bool setDepth(std::int64_t ready, std::int64_t unacked);
    std::int64_t ready() const { return m_ready; }
    std::int64_t unacked() const { return m_unacked; }
    bool setInstanceStates(std::vector<InstanceState> states);
    // Services: the schema version a rolling deploy moved each instance to, 0 for none; such
    // an instance's dot gets a ring.
    bool setVersions(std::vector<std::uint8_t> versions);
    const std::vector<std::uint8_t>& versions() const { return m_versions; }
    // Queues: copies entering and leaving per second of virtual time, at the last metrics
    // sample (a collapsed group shows them under its bar).
    bool setRates(double in, double out);
    double rateIn() const { return m_rateIn; }
    double rateOut() const { return m_rateOut; }
    const std::vector<InstanceState>& instanceStates() const { return m_states; }
    // The broker is down (exchanges and queues) or the service's link has a fault.
    bool setFaulted(bool faulted);
    // Exchanges: deleted (AMQP20), so that a publish to it gets 404 NOT_FOUND.
    bool setDeleted(bool deleted);
    bool deleted() const { return m_deleted; }
    void setHighlighted(bool highlighted);
    bool highlighted() const { return m_highlighted; }

    // The instance whose dot is at `local` (item coordinates); -1 if none.
    int instanceAt(QPointF local) const;

    std::function<void(int index)> onMoved;

    QRectF boundingRect() const override;
    QPainterPath shape() const override;
    void paint(QPainter* painter, const QStyleOptionGraphicsItem* option, QWidget* widget) override;

protected:
    QVariant itemChange(GraphicsItemChange change, const QVariant& value) override;

private:
    QPainterPath outline() const;
    QRectF dotRect(int instance) const;
    void paintService(QPainter& p) const;
    void paintExchange(QPainter& p) const;
    void paintQueue(QPainter& p) const;
    void paintInstanceBar(QPainter& p) const;
    void paintGroupLine(QPainter& p, double top) const;
    bool dotsShown() const;
    QString groupText(double in, double out) const;

    TopologyGraph::Node m_node;
    int m_index = 0;
    QSizeF m_size;
    int m_dotsPerRow = 1;
    std::int64_t m_ready = 0;
    std::int64_t m_unacked = 0;
    double m_rateIn = 0;
    double m_rateOut = 0;
    std::vector<InstanceState> m_states;
    std::vector<std::uint8_t> m_versions;
    bool m_faulted = false;
    bool m_deleted = false;
    bool m_highlighted = false;
};

} // namespace evsim::gui
