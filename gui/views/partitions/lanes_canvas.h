#pragma once

#include "harness/session/partition_lanes.h"

#include <QWidget>

namespace evsim {
class EntityTable;
}

namespace evsim::gui {

// Paints PartitionLanes: per group a heading (its topic, generation and lag), then one lane
// per partition: committed records, those in hand and those not read yet, on a scale shared by
// the group's partitions, with the reading member on the left and the figures on the right.
class LanesCanvas : public QWidget {
public:
    explicit LanesCanvas(QWidget* parent = nullptr);

    void show(const PartitionLanes* lanes, const EntityTable* entities);
    QSize sizeHint() const override;

protected:
    void paintEvent(QPaintEvent* event) override;

private:
    int contentHeight() const;

    const PartitionLanes* m_lanes = nullptr;
    const EntityTable* m_entities = nullptr;
};

} // namespace evsim::gui
