#pragma once

#include "harness/session/partition_lanes.h"

#include <QWidget>
#include <memory>

class QLabel;
class QScrollArea;

namespace evsim::gui {

class LanesCanvas;
class SessionController;

// A partitioned log's consumer groups at the time cursor: a lane per partition, showing how
// far the group has committed, what its member holds, and its lag, with the member reading it.
// Follows the cursor; rebuilt from the run's records (PartitionLanes), so it shows any time of
// the run. A broker with queues has no partitions: the view says so.
class PartitionsView : public QWidget {
    Q_OBJECT
public:
    explicit PartitionsView(SessionController& controller, QWidget* parent = nullptr);
    ~PartitionsView() override;

    // The lanes as drawn now (nullptr before a session is open).
    const PartitionLanes* lanes() const { return m_lanes.get(); }

private:
    void rebuild();
    // Applies the records up to the cursor (from the start when it moved back).
    void follow();

    SessionController& m_controller;
    std::unique_ptr<PartitionLanes> m_lanes;
    QLabel* m_empty = nullptr;
    QScrollArea* m_scroll = nullptr;
    LanesCanvas* m_canvas = nullptr;
};

} // namespace evsim::gui
