#include "gui/views/sequence/sequence_canvas.h"

#include "gui/control/inject_menu.h"
#include "gui/control/session_controller.h"
#include "gui/models/event_log_model.h"
#include "gui/theme/theme.h"
#include "gui/views/sequence/hop_painter.h"
#include "gui/views/sequence/sequence_frame.h"
#include "gui/views/time_ticks.h"

#include <QContextMenuEvent>
#include <QHelpEvent>
#include <QMenu>
#include <QMouseEvent>
#include <QPainter>
#include <QPainterPath>
#include <QScrollBar>
#include <QToolTip>
#include <QWheelEvent>
#include <algorithm>
#include <cmath>

namespace evsim::gui {
namespace {

// At the default zoom, publishes are about this many pixels apart on average.
constexpr double kPublishSpacing = 34;
// The scrollbars count pixels in an int: keep the whole run below this height.
constexpr double kMaxContentHeight = 1.0e9;

} // namespace

SequenceCanvas::SequenceCanvas(SessionController& controller, QWidget* parent)
    : QAbstractScrollArea(parent), m_controller(controller), m_data(controller.data()) {
    setObjectName(QStringLiteral("sequenceCanvas"));
    viewport()->setMouseTracking(true);
    viewport()->setBackgroundRole(QPalette::Base);
    viewport()->setAutoFillBackground(true);
    verticalScrollBar()->setSingleStep(40);
    horizontalScrollBar()->setSingleStep(40);
}

void SequenceCanvas::restart(bool keepZoom) {
    m_hops.clear();
    m_lanes.clear();
    m_columns.valid = false;
    if (!keepZoom) {
        m_userZoomed = false;
        verticalScrollBar()->setValue(0);
        horizontalScrollBar()->setValue(0);
    }
    refresh();
}

void SequenceCanvas::refresh() {
    m_hops.update(m_data);
    if (m_lanes.update(m_data.entities(), m_hops.usedEntities(), m_hops.usedCount())) {
        m_columns.valid = false;
    }
    if (!m_userZoomed) {
        chooseDefaultZoom();
    }
    updateScrollBars();
    viewport()->update();
}

void SequenceCanvas::chooseDefaultZoom() {
    std::size_t published = 0;
    SimTime first = SimTime::max();
    SimTime last;
    for (const Record& r : m_data.records()) {
        if (r.kind == RecordKind::Published) {
            ++published;
            first = std::min(first, r.time);
            last = r.time;
            if (published >= 2000) {
                break; // enough for an estimate
            }
        }
    }
    if (published < 2) {
        return;
    }
    const double gap =
        std::max(1e-9, (last - first).seconds() / static_cast<double>(published - 1));
    const SimTime top = timeAt(headerHeight());
    const double fit = (viewport()->height() - headerHeight() - 2 * kTopPad) /
                       std::max(1e-9, m_controller.end().seconds());
    m_pixelsPerSecond = std::max(fit, kPublishSpacing / gap);
    m_pixelsPerSecond = std::min(m_pixelsPerSecond,
                                 kMaxContentHeight / std::max(1e-9, m_controller.end().seconds()));
    updateScrollBars();
    verticalScrollBar()->setValue(static_cast<int>(top.seconds() * m_pixelsPerSecond));
}

double SequenceCanvas::contentHeight() const {
    return m_controller.end().seconds() * m_pixelsPerSecond + 2 * kTopPad;
}

void SequenceCanvas::updateScrollBars() {
    const double body = viewport()->height() - headerHeight();
    verticalScrollBar()->setPageStep(std::max(1, static_cast<int>(body * 0.9)));
    verticalScrollBar()->setRange(0, std::max(0, static_cast<int>(contentHeight() - body)));
    double lanesWidth = 0;
    for (int i = 0; i < m_lanes.count(); ++i) {
        lanesWidth += laneWidth(i);
    }
    const double room = viewport()->width() - gutterWidth();
    horizontalScrollBar()->setPageStep(std::max(1, static_cast<int>(room)));
    horizontalScrollBar()->setRange(0, std::max(0, static_cast<int>(lanesWidth - room)));
}

void SequenceCanvas::setPixelsPerSecond(double pixels, double anchorY) {
    const double seconds = std::max(1e-9, m_controller.end().seconds());
    const double fit = (viewport()->height() - headerHeight() - 2 * kTopPad) / seconds;
    pixels = std::clamp(pixels, std::max(1e-6, fit), kMaxContentHeight / seconds);
    const SimTime anchor = timeAt(anchorY);
    m_pixelsPerSecond = pixels;
    m_userZoomed = true;
    updateScrollBars();
    verticalScrollBar()->setValue(static_cast<int>(
        std::lround(anchor.seconds() * m_pixelsPerSecond + kTopPad - (anchorY - headerHeight()))));
    viewport()->update();
}

void SequenceCanvas::zoomBy(double factor) {
    const double middle = (headerHeight() + viewport()->height()) / 2.0;
    setPixelsPerSecond(m_pixelsPerSecond * factor, middle);
}

void SequenceCanvas::setGrouping(Grouping grouping) {
    m_grouping = grouping;
    viewport()->update();
}

void SequenceCanvas::setOnlyEventType(int eventType) {
    m_onlyEventType = eventType;
    viewport()->update();
}

void SequenceCanvas::setOnlySelectedTrace(bool only) {
    m_onlySelectedTrace = only;
    viewport()->update();
}

std::uint32_t SequenceCanvas::selectedMessage() const {
    const Selection& s = m_controller.selection();
    const bool aboutMessage =
        s.kind == Selection::Kind::Message || (s.kind == Selection::Kind::Record && s.id != 0);
    return aboutMessage ? s.id : 0;
}

bool SequenceCanvas::shows(const Hop& hop) const {
    if (m_onlyEventType == 0 && !m_onlySelectedTrace) {
        return true;
    }
    const Message* m = m_data.message(hop.message);
    if (m == nullptr) {
        return false;
    }
    if (m_onlyEventType != 0 && m->eventType != m_onlyEventType) {
        return false;
    }
    if (m_onlySelectedTrace) {
        const Message* selected = m_data.message(selectedMessage());
        return selected != nullptr && selected->traceRoot == m->traceRoot;
    }
    return true;
}

QColor SequenceCanvas::colourOf(std::uint32_t message) const {
    const Message* m = m_data.message(message);
    if (m == nullptr) {
        return Theme::neutral();
    }
    if (m_grouping == Grouping::Trace) {
        // Six colours of the set, by trace: not yellow (faint on a light background) nor the
        // eighth, black or white like the text.
        return Theme::eventType(1 + static_cast<int>(m->traceRoot % 6));
    }
    return Theme::eventType(m->eventType);
}

QString SequenceCanvas::hopText(const Hop& hop) const {
    const Record& r = m_data.records()[hop.record];
    const Message* m = m_data.message(hop.message);
    const QString event = m != nullptr && m->eventType < m_data.eventTypes().size()
                              ? QString::fromStdString(m_data.eventTypes()[m->eventType])
                              : QString();
    const auto name = [this](EntityId id) {
        return QString::fromStdString(m_data.entities()[id].name);
    };
    QString text = tr("msg-%1 %2\n%3 at %4: %5")
                       .arg(hop.message)
                       .arg(event, EventLogModel::kindText(r),
                            QString::fromStdString(formatDurationShort(hop.start)), name(hop.from));
    if (hop.to != 0) {
        text += QStringLiteral(" → ") + name(hop.to);
    }
    const QString detail = EventLogModel::detailText(r);
    if (!detail.isEmpty()) {
        text += QStringLiteral(" (%1)").arg(detail);
    }
    if ((hop.kind == Hop::Kind::Publish || hop.kind == Hop::Kind::Lost) &&
        hop.end != SimTime::max()) {
        text += tr("\n%1 on the wire")
                    .arg(QString::fromStdString(formatDurationShort(hop.end - hop.start)));
    }
    return text;
}

void SequenceCanvas::paintEvent(QPaintEvent*) {
    QPainter p(viewport());
    p.setRenderHint(QPainter::Antialiasing);
    m_paintedArrows = 0;
    m_paintedSelected = 0;
    m_visitedRecords = 0;
    if (m_lanes.count() == 0) {
        p.setPen(Theme::line());
        p.drawText(viewport()->rect(), Qt::AlignCenter,
                   m_controller.hasSession() ? tr("No messages yet.")
                                             : tr("Open a scenario to see its messages."));
        return;
    }
    const auto [from, to] = visibleWindow();
    const SequenceFrame frame(*this, m_controller.cursor());
    frame.paintBody(p, from, to);

    const std::uint32_t selected = selectedMessage();
    HopPainter painter(p, font(), palette(), m_lanes.count());
    const auto draw = [&](const Hop& hop, const QLineF& line, bool isSelected) {
        ++m_paintedArrows;
        m_paintedSelected += isSelected ? 1 : 0;
        QString event;
        if (hop.kind == Hop::Kind::Publish) {
            const Message* m = m_data.message(hop.message);
            event = m != nullptr && m->eventType < m_data.eventTypes().size()
                        ? QString::fromStdString(m_data.eventTypes()[m->eventType])
                        : QString();
        }
        painter.draw(hop, line, m_lanes.laneOf(hop.from), colourOf(hop.message), isSelected,
                     selected != 0 && !isSelected, event);
    };
    // What went wrong is drawn over the traffic, and the selected message over everything.
    const auto isProblem = [](const Hop& hop) {
        return hop.kind == Hop::Kind::DeadLetter || hop.kind == Hop::Kind::Lost ||
               hop.kind == Hop::Kind::Failed || hop.kind == Hop::Kind::Dropped ||
               hop.kind == Hop::Kind::Expired || hop.kind == Hop::Kind::Requeue ||
               hop.kind == Hop::Kind::Return || hop.kind == Hop::Kind::NotFound;
    };
    std::vector<std::pair<Hop, QLineF>> later;
    std::vector<std::pair<Hop, QLineF>> selectedHops;
    m_visitedRecords = m_hops.forEach(m_data, from, to, [&](const Hop& hop) {
        if (!shows(hop)) {
            return;
        }
        const std::optional<QLineF> line = hopLine(hop);
        if (!line) {
            return;
        }
        if (hop.message == selected) {
            selectedHops.emplace_back(hop, *line);
        } else if (isProblem(hop)) {
            later.emplace_back(hop, *line);
        } else {
            draw(hop, *line, false);
        }
    });
    for (const auto& [hop, line] : later) {
        draw(hop, line, false);
    }
    std::stable_partition(selectedHops.begin(), selectedHops.end(),
                          [&](const auto& h) { return !isProblem(h.first); });
    for (const auto& [hop, line] : selectedHops) {
        draw(hop, line, true);
    }

    // The cursor.
    const double cy = yOf(m_controller.cursor());
    if (cy >= headerHeight() && cy <= viewport()->height()) {
        // Light enough to see a hop at the very same instant through it.
        QColor cursor = palette().color(QPalette::Highlight);
        cursor.setAlphaF(0.75f);
        p.setPen(QPen(cursor, 1.5));
        p.drawLine(QPointF(gutterWidth(), cy), QPointF(viewport()->width(), cy));
    }
    frame.paintGutter(p, from, to);
    frame.paintHeader(p);
}

void SequenceCanvas::resizeEvent(QResizeEvent* event) {
    QAbstractScrollArea::resizeEvent(event);
    if (!m_userZoomed) {
        chooseDefaultZoom();
    }
    updateScrollBars();
}

void SequenceCanvas::wheelEvent(QWheelEvent* event) {
    if (event->modifiers() & Qt::ControlModifier) {
        const double steps = event->angleDelta().y() / 120.0;
        setPixelsPerSecond(m_pixelsPerSecond * std::pow(1.25, steps), event->position().y());
        event->accept();
        return;
    }
    QAbstractScrollArea::wheelEvent(event);
}

void SequenceCanvas::mousePressEvent(QMouseEvent* event) {
    if (event->button() != Qt::LeftButton) {
        return;
    }
    if (event->position().y() < headerHeight()) {
        const int lane = laneAt(event->position().x());
        setCollapsed(lane, !collapsed(lane));
        return;
    }
    if (const std::optional<Hop> hop = hopAt(event->position())) {
        m_controller.select({Selection::Kind::Message, hop->message, 0});
        return;
    }
    if (event->position().y() > headerHeight()) {
        // Empty space: the time cursor goes there.
        m_controller.pause();
        m_controller.setCursor(timeAt(event->position().y()));
    }
}

void SequenceCanvas::contextMenuEvent(QContextMenuEvent* event) {
    const std::optional<Hop> hop = hopAt(QPointF(event->pos()));
    if (!hop) {
        return;
    }
    // From the start of the arrow: its next hop is the arrow itself, or the first after it.
    QMenu menu(this);
    if (fillMessageMenu(menu, m_controller, hop->message, hop->start, this) > 0) {
        menu.exec(event->globalPos());
    }
    event->accept();
}

void SequenceCanvas::scrollContentsBy(int, int) {
    viewport()->update();
}

bool SequenceCanvas::viewportEvent(QEvent* event) {
    if (event->type() == QEvent::ToolTip) {
        auto* help = static_cast<QHelpEvent*>(event);
        if (help->pos().y() < headerHeight()) {
            const int lane = laneAt(help->pos().x());
            if (lane >= 0) {
                QToolTip::showText(help->globalPos(),
                                   (collapsed(lane) ? tr("%1\nClick to expand the lane")
                                                    : tr("%1\nClick to collapse the lane"))
                                       .arg(m_lanes.lanes()[static_cast<std::size_t>(lane)].name),
                                   viewport());
            }
            return true;
        }
        if (const std::optional<Hop> hop = hopAt(help->pos())) {
            QToolTip::showText(help->globalPos(), hopText(*hop), viewport());
        } else {
            QToolTip::hideText();
        }
        return true;
    }
    return QAbstractScrollArea::viewportEvent(event);
}

} // namespace evsim::gui
