#pragma once

#include "harness/session/partition_lanes.h"

#include <QWidget>

class QPainter;

namespace evsim {
class EntityTable;
}

namespace evsim::gui {

// Paints PartitionLanes: per group a heading (its topic, generation and lag), then one lane
// per partition in offsets, on a scale shared by the group's partitions: what retention deleted
// before the log's start, then committed, in hand and not read yet, compaction's holes and the
// last stable offset; the reading member on the left, the figures on the right.
class LanesCanvas : public QWidget {
public:
    explicit LanesCanvas(QWidget* parent = nullptr);

    void show(const PartitionLanes* lanes, const EntityTable* entities);
    QSize sizeHint() const override;

protected:
    void paintEvent(QPaintEvent* event) override;

private:
    int contentHeight() const;
    // Each returns the y below what it drew.
    int drawLegend(QPainter& p, int y) const;
    int drawGroup(QPainter& p, const PartitionLanes::Group& group, int y) const;
    void drawLane(QPainter& p, const PartitionLanes::Group& group, std::size_t partition,
                  int y) const;

    const PartitionLanes* m_lanes = nullptr;
    const EntityTable* m_entities = nullptr;
};

} // namespace evsim::gui
