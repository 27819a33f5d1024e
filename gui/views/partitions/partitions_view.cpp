#include "gui/views/partitions/partitions_view.h"

#include "gui/control/session_controller.h"
#include "gui/views/partitions/lanes_canvas.h"

#include <QLabel>
#include <QScrollArea>
#include <QVBoxLayout>

namespace evsim::gui {

PartitionsView::PartitionsView(SessionController& controller, QWidget* parent)
    : QWidget(parent), m_controller(controller) {
    setFocusPolicy(Qt::StrongFocus); // the playback keys work from here too
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    m_empty = new QLabel(tr("This scenario's broker has queues, not partitioned logs. A broker of "
                            "kind \"kafka\" shows its consumer groups here, a lane per partition."),
                         this);
    m_empty->setWordWrap(true);
    m_empty->setAlignment(Qt::AlignCenter);
    m_empty->setContentsMargins(24, 24, 24, 24);
    layout->addWidget(m_empty);
    m_scroll = new QScrollArea(this);
    m_scroll->setWidgetResizable(true);
    m_scroll->setFrameShape(QFrame::NoFrame);
    m_canvas = new LanesCanvas(m_scroll);
    m_scroll->setWidget(m_canvas);
    layout->addWidget(m_scroll);
    connect(&controller, &SessionController::sessionOpened, this, [this] { rebuild(); });
    connect(&controller, &SessionController::runRestarted, this, [this] { rebuild(); });
    connect(&controller, &SessionController::dataChanged, this, [this] { follow(); });
    connect(&controller, &SessionController::cursorChanged, this, [this] { follow(); });
    rebuild();
}

PartitionsView::~PartitionsView() = default;

void PartitionsView::rebuild() {
    m_lanes.reset();
    if (m_controller.hasSession()) {
        m_lanes = std::make_unique<PartitionLanes>(m_controller.session().scenario(),
                                                   m_controller.data().entities());
    }
    const bool any = m_lanes != nullptr && !m_lanes->groups().empty();
    m_empty->setVisible(!any);
    m_scroll->setVisible(any);
    follow();
}

void PartitionsView::follow() {
    if (m_lanes == nullptr || m_lanes->groups().empty()) {
        m_canvas->show(nullptr, nullptr);
        return;
    }
    const RunData& data = m_controller.data();
    const std::size_t upTo = data.firstRecordAt(m_controller.cursor() + SimTime::fromNanos(1));
    // From the start when the cursor moved back, or before the run's entities were known.
    if (upTo < m_lanes->applied() || m_lanes->applied() == 0) {
        m_lanes =
            std::make_unique<PartitionLanes>(m_controller.session().scenario(), data.entities());
    }
    const auto& records = data.records();
    for (std::size_t i = m_lanes->applied(); i < upTo; ++i) {
        m_lanes->apply(records[i]);
    }
    m_lanes->sample(data.sampleAt(m_controller.cursor()));
    m_canvas->show(m_lanes.get(), &data.entities());
}

} // namespace evsim::gui
