#include "gui/views/sequence/sequence_view.h"

#include "gui/control/session_controller.h"
#include "gui/theme/theme.h"
#include "gui/views/sequence/sequence_canvas.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QSignalBlocker>
#include <QStyle>
#include <QToolButton>
#include <QVBoxLayout>

namespace evsim::gui {
namespace {

constexpr int kSelectedTrace = -1; // the Show box's item for "the selected trace"

} // namespace

SequenceView::SequenceView(SessionController& controller, QWidget* parent)
    : QWidget(parent), m_controller(controller) {
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    auto* bar = new QHBoxLayout;
    m_grouping = new QComboBox(this);
    m_grouping->setObjectName(QStringLiteral("sequenceGrouping"));
    m_grouping->addItem(tr("Colour by event type"),
                        static_cast<int>(SequenceCanvas::Grouping::EventType));
    m_grouping->addItem(tr("Colour by trace"), static_cast<int>(SequenceCanvas::Grouping::Trace));
    m_show = new QComboBox(this);
    m_show->setObjectName(QStringLiteral("sequenceShow"));
    m_show->addItem(tr("All messages"), 0);
    m_show->addItem(tr("The selected trace"), kSelectedTrace);
    const auto button = [this](const QString& text, const QString& tip) {
        auto* b = new QToolButton(this);
        b->setText(text);
        b->setToolTip(tip);
        b->setAutoRaise(true);
        return b;
    };
    QToolButton* zoomOut = button(QStringLiteral("−"), tr("Show more time (Ctrl+wheel down)"));
    QToolButton* zoomIn = button(QStringLiteral("+"), tr("Show less time (Ctrl+wheel up)"));
    auto* legend =
        new QLabel(tr("solid: publish, route, delivery · dotted: ack · dashed: requeue · "
                      "dash-dot: returned or 404 · ◆ dead-letter · ✕ drop or loss · ⊗ failed · "
                      "○ expired"),
                   this);
    legend->setForegroundRole(QPalette::PlaceholderText);
    bar->addWidget(m_grouping);
    bar->addWidget(m_show);
    bar->addWidget(zoomOut);
    bar->addWidget(zoomIn);
    bar->addSpacing(8);
    bar->addWidget(legend, 1);
    layout->addLayout(bar);
    m_canvas = new SequenceCanvas(controller, this);
    layout->addWidget(m_canvas, 1);

    connect(zoomIn, &QToolButton::clicked, this, [this] { m_canvas->zoomBy(1.5); });
    connect(zoomOut, &QToolButton::clicked, this, [this] { m_canvas->zoomBy(1 / 1.5); });
    connect(m_grouping, &QComboBox::currentIndexChanged, this, [this] {
        m_canvas->setGrouping(
            static_cast<SequenceCanvas::Grouping>(m_grouping->currentData().toInt()));
    });
    connect(m_show, &QComboBox::currentIndexChanged, this, [this] {
        const int show = m_show->currentData().toInt();
        m_canvas->setOnlySelectedTrace(show == kSelectedTrace);
        m_canvas->setOnlyEventType(std::max(0, show));
    });
    connect(&controller, &SessionController::sessionOpened, this, [this] {
        {
            const QSignalBlocker block(m_show);
            while (m_show->count() > 2) {
                m_show->removeItem(2);
            }
            m_show->setCurrentIndex(0);
        }
        m_eventTypesListed = 0;
        m_canvas->setOnlyEventType(0);
        m_canvas->setOnlySelectedTrace(false);
        m_canvas->restart(false);
        fillEventTypes();
    });
    connect(&controller, &SessionController::runRestarted, this,
            [this] { m_canvas->restart(true); });
    connect(&controller, &SessionController::dataChanged, this, [this] {
        m_canvas->refresh();
        fillEventTypes();
    });
    connect(&controller, &SessionController::cursorChanged, this, &SequenceView::followCursor);
    connect(&controller, &SessionController::selectionChanged, this, &SequenceView::showSelection);
}

void SequenceView::fillEventTypes() {
    const StringTable& types = m_controller.data().eventTypes();
    for (std::size_t i = std::max<std::size_t>(1, m_eventTypesListed); i < types.size(); ++i) {
        m_show->addItem(
            tr("Only %1").arg(QString::fromStdString(types[static_cast<std::uint32_t>(i)])),
            static_cast<int>(i));
        m_show->setItemData(m_show->count() - 1, Theme::eventType(static_cast<int>(i)),
                            Qt::DecorationRole);
    }
    m_eventTypesListed = types.size();
}

void SequenceView::followCursor() {
    const auto [from, to] = m_canvas->visibleWindow();
    const SimTime t = m_controller.cursor();
    if (t < from || t > to) {
        m_canvas->scrollToTime(t);
    }
    m_canvas->viewport()->update();
}

void SequenceView::showSelection() {
    const Selection& s = m_controller.selection();
    if (s.kind == Selection::Kind::Message) {
        // Bring the message into view when none of its hops is in view: its publish and, where
        // something went wrong with it, that too.
        const RunData& data = m_controller.data();
        const Message* m = data.message(s.id);
        if (m != nullptr && !m_canvas->showsMessage(s.id)) {
            SimTime trouble = SimTime::max();
            for (const std::size_t i : data.recordsOf(s.id)) {
                const RecordKind k = data.records()[i].kind;
                if (k == RecordKind::Failed || k == RecordKind::DeadLettered ||
                    k == RecordKind::Dropped || k == RecordKind::LostInTransit ||
                    k == RecordKind::Expired || k == RecordKind::Returned ||
                    k == RecordKind::ChannelClosed) {
                    trouble = data.records()[i].time;
                    break;
                }
            }
            const auto [from, to] = m_canvas->visibleWindow();
            const SimTime window = to - from;
            if (trouble == SimTime::max() ||
                (trouble - m->publishedAt).nanos() < window.nanos() * 6 / 10) {
                m_canvas->scrollToTime(m->publishedAt, 0.2);
            } else {
                m_canvas->scrollToTime(trouble, 0.5);
            }
        }
    }
    m_canvas->viewport()->update();
}

} // namespace evsim::gui
