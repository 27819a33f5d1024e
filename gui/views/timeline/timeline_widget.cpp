#include "gui/views/timeline/timeline_widget.h"

#include "gui/control/session_controller.h"
#include "gui/theme/theme.h"
#include "gui/views/time_ticks.h"
#include "harness/run/intervention_text.h"

#include <QHelpEvent>
#include <QMouseEvent>
#include <QPainter>
#include <QPainterPath>
#include <QToolTip>
#include <algorithm>
#include <cmath>

namespace evsim::gui {
namespace {

// Faults are marked with a red triangle, hand-published messages with a dot.
bool isFault(const InterventionAction& a) {
    return !std::holds_alternative<PublishMessage>(a);
}

} // namespace

TimelineWidget::TimelineWidget(SessionController& controller, QWidget* parent)
    : QWidget(parent), m_controller(controller), m_bins(kBins, 0) {
    setObjectName(QStringLiteral("timeline"));
    setMouseTracking(true);
    setToolTip(tr("The whole run: drag or click to move the time cursor"));
    const auto reset = [this] {
        std::fill(m_bins.begin(), m_bins.end(), 0);
        m_counted = 0;
        m_alerts.clear();
        m_rebalances.clear();
        m_leaders.clear();
        update();
    };
    connect(&controller, &SessionController::sessionOpened, this, reset);
    connect(&controller, &SessionController::runRestarted, this, reset);
    connect(&controller, &SessionController::dataChanged, this, [this] {
        countNewRecords();
        update();
    });
    connect(&controller, &SessionController::cursorChanged, this, [this] { update(); });
}

void TimelineWidget::countNewRecords() {
    const auto& records = m_controller.data().records();
    const double end = std::max<double>(1.0, static_cast<double>(m_controller.end().nanos()));
    for (; m_counted < records.size(); ++m_counted) {
        const Record& r = records[m_counted];
        if (r.kind == RecordKind::AlertRaised || r.kind == RecordKind::AlertResolved) {
            m_alerts.push_back(m_counted);
        }
        if (r.kind == RecordKind::Rebalanced) {
            m_rebalances.push_back(m_counted);
        }
        if (r.kind == RecordKind::LeaderElected) {
            m_leaders.push_back(m_counted);
        }
        if (r.kind == RecordKind::Published) {
            const auto bin =
                static_cast<std::size_t>(static_cast<double>(r.time.nanos()) / end * kBins);
            ++m_bins[std::min<std::size_t>(bin, kBins - 1)];
        }
    }
}

QString TimelineWidget::tickLabel(double seconds, double step) {
    // The start of the run is "0", not "0ns". Ticks a whole number of minutes apart read in
    // minutes and hours as a clock does ("2m", "1h", "1h20m"; not "120s" or "80m"); others keep
    // one unit along the axis ("80s" beside "100s", never "1m" between them).
    if (seconds == 0) {
        return QStringLiteral("0");
    }
    const auto whole = static_cast<long long>(std::llround(seconds));
    const auto wholeStep = static_cast<long long>(std::llround(step));
    if (std::abs(step - static_cast<double>(wholeStep)) < 1e-9 && wholeStep % 60 == 0 &&
        whole % 60 == 0) {
        if (whole % 3600 == 0) {
            return QStringLiteral("%1h").arg(whole / 3600);
        }
        return whole > 3600 ? QStringLiteral("%1h%2m").arg(whole / 3600).arg(whole % 3600 / 60)
                            : QStringLiteral("%1m").arg(whole / 60);
    }
    return QString::fromStdString(
        formatDurationShort(SimTime::fromNanos(static_cast<std::int64_t>(seconds * 1e9))));
}

QRectF TimelineWidget::plotArea() const {
    return QRectF(12, 6, width() - 24, height() - 24);
}

double TimelineWidget::xOf(SimTime t) const {
    const QRectF a = plotArea();
    const double end = std::max<double>(1.0, static_cast<double>(m_controller.end().nanos()));
    return a.left() + a.width() * static_cast<double>(t.nanos()) / end;
}

SimTime TimelineWidget::timeAt(double x) const {
    const QRectF a = plotArea();
    const double f = std::clamp((x - a.left()) / std::max(1.0, a.width()), 0.0, 1.0);
    return SimTime::fromNanos(
        static_cast<std::int64_t>(f * static_cast<double>(m_controller.end().nanos())));
}

void TimelineWidget::paintEvent(QPaintEvent*) {
    QPainter p(this);
    p.setRenderHint(QPainter::Antialiasing);
    p.fillRect(rect(), Theme::window());
    const QRectF a = plotArea();
    p.fillRect(a, Theme::base());
    if (!m_controller.hasSession()) {
        return;
    }
    const RunData& data = m_controller.data();
    // What is computed so far.
    const double frontier = xOf(data.finished() ? m_controller.end() : data.frontier());
    QColor computed = Theme::neutral();
    computed.setAlphaF(0.12f);
    p.fillRect(QRectF(a.left(), a.top(), frontier - a.left(), a.height()), computed);

    // Activity: messages published per slice of time.
    const std::uint32_t peak =
        std::max<std::uint32_t>(1, *std::max_element(m_bins.begin(), m_bins.end()));
    QPainterPath spark;
    spark.moveTo(a.left(), a.bottom());
    for (int i = 0; i < kBins; ++i) {
        const double x = a.left() + a.width() * (i + 0.5) / kBins;
        const double y =
            a.bottom() - (a.height() - 14) * m_bins[static_cast<std::size_t>(i)] / peak;
        spark.lineTo(x, y);
    }
    spark.lineTo(a.right(), a.bottom());
    QColor fill = Theme::eventType(1);
    fill.setAlphaF(0.25f);
    p.fillPath(spark, fill);

    // Axis with ticks.
    p.setPen(Theme::line());
    p.drawLine(QPointF(a.left(), a.bottom()), QPointF(a.right(), a.bottom()));
    const double seconds = m_controller.end().seconds();
    const double step = niceTickStep(seconds, a.width(), 90);
    QFont small = font();
    small.setPointSizeF(small.pointSizeF() * 0.85);
    p.setFont(small);
    for (double s = 0; s <= seconds + 1e-9; s += step) {
        const double x = xOf(SimTime::fromNanos(static_cast<std::int64_t>(s * 1e9)));
        p.setPen(Theme::line());
        p.drawLine(QPointF(x, a.bottom()), QPointF(x, a.bottom() + 4));
        p.setPen(Theme::text());
        p.drawText(QRectF(x - 40, a.bottom() + 4, 80, 14), Qt::AlignHCenter | Qt::AlignTop,
                   tickLabel(s, step));
    }

    // Markers: interventions on top, alerts below them.
    const auto& scenario = m_controller.session().scenario();
    std::vector<Intervention> all = scenario.timeline;
    all.insert(all.end(), m_controller.session().added().begin(),
               m_controller.session().added().end());
    for (const Intervention& i : all) {
        const double x = xOf(i.at);
        p.setPen(Qt::NoPen);
        if (isFault(i.action)) {
            p.setBrush(Theme::error());
            QPolygonF triangle;
            triangle << QPointF(x, a.top() + 1) << QPointF(x - 5, a.top() + 10)
                     << QPointF(x + 5, a.top() + 10);
            p.drawPolygon(triangle);
        } else {
            p.setBrush(Theme::eventType(1));
            p.drawEllipse(QPointF(x, a.top() + 6), 4, 4);
        }
    }
    for (const std::size_t i : m_alerts) {
        const Record& r = data.records()[i];
        if (r.kind == RecordKind::AlertRaised) {
            const double x = xOf(r.time);
            p.setBrush(Theme::warning());
            QPolygonF diamond;
            diamond << QPointF(x, a.top() + 12) << QPointF(x + 5, a.top() + 17)
                    << QPointF(x, a.top() + 22) << QPointF(x - 5, a.top() + 17);
            p.drawPolygon(diamond);
        }
    }

    // Rebalances of a log's consumer groups: a ring on the axis (the first, when every group
    // forms at the start, is left out: nothing moves then).
    p.setBrush(Qt::NoBrush);
    p.setPen(QPen(Theme::readable(Theme::eventType(4)), 2));
    for (const std::size_t i : m_rebalances) {
        const Record& r = data.records()[i];
        if (r.time > SimTime::zero()) {
            p.drawEllipse(QPointF(xOf(r.time), a.bottom() - 6), 4, 4);
        }
    }
    // A cluster's partitions changing leader (KAFKA12): a square, once per instant.
    p.setPen(QPen(Theme::readable(Theme::eventType(2)), 2));
    for (std::size_t k = 0; k < m_leaders.size(); ++k) {
        const SimTime t = data.records()[m_leaders[k]].time;
        if (k == 0 || data.records()[m_leaders[k - 1]].time != t) {
            p.drawRect(QRectF(xOf(t) - 4, a.bottom() - 10, 8, 8));
        }
    }

    // The cursor.
    const double cx = xOf(m_controller.cursor());
    p.setPen(QPen(palette().color(QPalette::Highlight), 2));
    p.drawLine(QPointF(cx, a.top() - 2), QPointF(cx, a.bottom() + 2));
}

void TimelineWidget::mousePressEvent(QMouseEvent* event) {
    if (event->button() == Qt::LeftButton) {
        m_controller.pause();
        m_controller.setCursor(timeAt(event->position().x()));
    }
}

void TimelineWidget::mouseMoveEvent(QMouseEvent* event) {
    if (event->buttons() & Qt::LeftButton) {
        m_controller.setCursor(timeAt(event->position().x()));
    }
}

QString TimelineWidget::markerTip(double x) const {
    if (!m_controller.hasSession()) {
        return {};
    }
    QStringList lines;
    std::vector<Intervention> all = m_controller.session().scenario().timeline;
    all.insert(all.end(), m_controller.session().added().begin(),
               m_controller.session().added().end());
    for (const Intervention& i : all) {
        if (std::abs(xOf(i.at) - x) <= 5) {
            lines << QStringLiteral("%1  %2").arg(QString::fromStdString(formatDurationShort(i.at)),
                                                  QString::fromStdString(describe(i.action)));
        }
    }
    const RunData& data = m_controller.data();
    for (const std::size_t i : m_alerts) {
        const Record& r = data.records()[i];
        if (std::abs(xOf(r.time) - x) <= 5) {
            lines << QStringLiteral("%1  alert %2 %3")
                         .arg(QString::fromStdString(formatDurationShort(r.time)),
                              QString::fromStdString(data.entities()[r.entity].name),
                              r.kind == RecordKind::AlertRaised ? tr("raised") : tr("resolved"));
        }
    }
    for (const std::size_t i : m_rebalances) {
        const Record& r = data.records()[i];
        if (std::abs(xOf(r.time) - x) <= 5) {
            lines << tr("%1  group %2 rebalanced: generation %3, %4 members")
                         .arg(QString::fromStdString(formatDurationShort(r.time)),
                              QString::fromStdString(data.entities()[r.entity].name))
                         .arg(r.attempt)
                         .arg(r.detail);
        }
    }
    lines << leaderChangesNear(x);
    return lines.join(QLatin1Char('\n'));
}

QStringList TimelineWidget::leaderChangesNear(double x) const {
    // One line per instant: how many partitions got a leader, and how.
    const RunData& data = m_controller.data();
    QStringList lines;
    for (std::size_t k = 0; k < m_leaders.size();) {
        const SimTime t = data.records()[m_leaders[k]].time;
        std::uint64_t elected = 0;
        std::uint64_t preferred = 0;
        std::uint64_t offline = 0;
        std::uint64_t cut = 0;
        for (; k < m_leaders.size() && data.records()[m_leaders[k]].time == t; ++k) {
            const Record& r = data.records()[m_leaders[k]];
            offline += r.aux == 0 ? 1 : 0;
            preferred += r.aux != 0 && r.detail == 1 ? 1 : 0;
            elected += r.aux != 0 && r.detail != 1 ? 1 : 0;
            cut += r.message;
        }
        if (std::abs(xOf(t) - x) > 5) {
            continue;
        }
        QStringList parts;
        if (elected > 0) {
            parts << tr("%n elected a new leader", nullptr, static_cast<int>(elected));
        }
        if (preferred > 0) {
            parts << tr("%n back to their preferred leader", nullptr, static_cast<int>(preferred));
        }
        if (offline > 0) {
            parts << tr("%n offline", nullptr, static_cast<int>(offline));
        }
        if (cut > 0) {
            parts << (cut == 1 ? tr("1 record cut") : tr("%1 records cut").arg(cut));
        }
        lines << tr("%1  partitions: %2")
                     .arg(QString::fromStdString(formatDurationShort(t)), parts.join(tr(", ")));
    }
    return lines;
}

bool TimelineWidget::event(QEvent* event) {
    if (event->type() == QEvent::ToolTip) {
        auto* help = static_cast<QHelpEvent*>(event);
        const QString tip = markerTip(help->pos().x());
        const SimTime at = timeAt(help->pos().x());
        QToolTip::showText(help->globalPos(),
                           tip.isEmpty() ? tr("%1 — click or drag to move the cursor")
                                               .arg(QString::fromStdString(formatDurationShort(at)))
                                         : tip,
                           this);
        return true;
    }
    return QWidget::event(event);
}

} // namespace evsim::gui
