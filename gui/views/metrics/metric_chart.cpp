#include "gui/views/metrics/metric_chart.h"

#include "gui/theme/theme.h"
#include "gui/views/axis_ticks.h"

#include <QCategoryAxis>
#include <QEvent>
#include <QGraphicsLayout>
#include <QGraphicsLineItem>
#include <QGraphicsRectItem>
#include <QGraphicsSimpleTextItem>
#include <QLineSeries>
#include <QMouseEvent>
#include <QToolTip>
#include <algorithm>
#include <cmath>
#include <limits>

namespace evsim::gui {
namespace {

constexpr double kNoValue = std::numeric_limits<double>::quiet_NaN();
// Pixels between time ticks, and value ticks on a compact chart.
constexpr int kTimeTickSpacing = 70;
constexpr int kValueTicks = 3;
constexpr double kMinTimeTickGap = 50;
// Above the series, below the cursor.
constexpr qreal kShadeZ = 20;
constexpr qreal kCursorZ = 30;

TickKind tickKind(MetricFamily family) {
    switch (family) {
    case MetricFamily::Depth:
        return TickKind::Count;
    case MetricFamily::Rates:
        return TickKind::Rate;
    case MetricFamily::Latency:
    case MetricFamily::OldestAge:
        return TickKind::Seconds;
    }
    return TickKind::Count;
}

QFont axisFont(const QFont& base) {
    QFont f = base;
    f.setPointSizeF(std::max(7.0, base.pointSizeF() * 0.85));
    return f;
}

// The axis runs from 0 to `top` with a label at each tick up to it.
void setTicks(QCategoryAxis& axis, const std::vector<Tick>& ticks, double top) {
    for (const QString& label : axis.categoriesLabels()) {
        axis.remove(label);
    }
    axis.setStartValue(0);
    for (const Tick& tick : ticks) {
        if (tick.value <= top * (1 + 1e-9)) {
            axis.append(tick.label, tick.value);
        }
    }
    axis.setRange(0, top);
}

QColor alertShade() {
    QColor c = Theme::error();
    c.setAlphaF(Theme::dark() ? 0.16f : 0.14f);
    return c;
}

} // namespace

MetricChart::MetricChart(MetricFamily family, std::size_t queue, QWidget* parent)
    : QChartView(parent), m_family(family), m_queue(queue) {
    // The view's own chart: setChart() with a new one would leave this default one behind.
    QChart* chart = this->chart();
    chart->legend()->hide();
    chart->setMargins({0, 0, 0, 0});
    chart->setBackgroundRoundness(0);
    chart->layout()->setContentsMargins(0, 0, 0, 0);
    setRenderHint(QPainter::Antialiasing);
    setFrameShape(QFrame::NoFrame);
    setMinimumHeight(140);
    setMaximumHeight(340);
    setMouseTracking(true); // hover shows the values under the pointer

    m_timeAxis = new QCategoryAxis(chart);
    m_valueAxis = new QCategoryAxis(chart);
    for (QCategoryAxis* axis : {m_timeAxis, m_valueAxis}) {
        axis->setLabelsPosition(QCategoryAxis::AxisLabelsPositionOnValue);
        axis->setLabelsFont(axisFont(font()));
    }
    chart->addAxis(m_timeAxis, Qt::AlignBottom);
    chart->addAxis(m_valueAxis, Qt::AlignLeft);
    for (const MetricCurve& c : familyCurves(family)) {
        m_curves.emplace_back(*chart, *m_timeAxis, *m_valueAxis, c.name);
    }
    m_cursorLine = new QGraphicsLineItem(chart);
    m_cursorLine->setZValue(kCursorZ);
    m_emptyNote = new QGraphicsSimpleTextItem(tr("nothing processed"), chart);
    m_emptyNote->setFont(axisFont(font()));
    m_emptyNote->hide();
    applyTheme();
    reset(m_end);
}

void MetricChart::reset(SimTime end) {
    m_end = std::max(end, SimTime::fromNanos(1));
    m_rawSeconds.clear();
    m_rawValues.assign(m_curves.size(), {});
    m_cursor = SimTime::zero();
    m_shaded.clear();
    qDeleteAll(m_shades);
    m_shades.clear();
    m_yTop = 0;
    updateTimeTicks();
    rebuildBuckets();
    updateValueTicks(0);
    setThresholds({}); // the view sets them again for the new run
    placeOverlays();
}

double MetricChart::timeTop() const {
    return m_timeAxis->max();
}

void MetricChart::updateTimeTicks() {
    const double width = chart()->plotArea().width();
    const double end = m_end.seconds();
    const int target = std::clamp(static_cast<int>(width) / kTimeTickSpacing, 2, 12);
    // The axis ends where the run does, even between two ticks: no empty stretch after it. A
    // round step past the end can leave a single label inside; a finer one, while labels keep
    // their room.
    std::vector<Tick> ticks;
    for (int t = target; t <= target + 2; ++t) {
        std::vector<Tick> candidate = ticksUpTo(end, t, TickKind::Seconds);
        const double step = candidate.size() > 1 ? candidate[1].value : end;
        if (!ticks.empty() && step / end * width < kMinTimeTickGap) {
            break;
        }
        ticks = std::move(candidate);
        const auto inside = std::count_if(ticks.begin(), ticks.end(),
                                          [&](const Tick& tick) { return tick.value <= end; });
        if (inside >= 3) {
            break;
        }
    }
    setTicks(*m_timeAxis, ticks, end);
    for (QLineSeries* line : std::as_const(m_thresholds)) {
        const double value = line->at(0).y();
        line->replace({QPointF(0, value), QPointF(timeTop(), value)});
    }
}

void MetricChart::updateValueTicks(double max) {
    for (const double threshold : m_thresholdValues) {
        max = std::max(max, threshold * 1.15);
    }
    if (m_yTop > 0 && max <= m_yTop) {
        return;
    }
    const std::vector<Tick> ticks = ticksUpTo(max, kValueTicks, tickKind(m_family));
    setTicks(*m_valueAxis, ticks, ticks.back().value);
    m_yTop = ticks.back().value;
}

void MetricChart::setThresholds(const std::vector<RuleMark>& marks) {
    for (QLineSeries* line : std::as_const(m_thresholds)) {
        chart()->removeSeries(line);
        delete line;
    }
    m_thresholds.clear();
    m_thresholdValues.clear();
    for (const RuleMark& mark : marks) {
        if (mark.kind != RuleMark::Kind::Threshold) {
            continue;
        }
        auto* line = new QLineSeries(chart());
        line->setName(mark.text);
        line->append({QPointF(0, mark.value), QPointF(timeTop(), mark.value)});
        chart()->addSeries(line);
        line->attachAxis(m_timeAxis);
        line->attachAxis(m_valueAxis);
        m_thresholds.append(line);
        m_thresholdValues.push_back(mark.value);
    }
    applyTheme();
    double max = 0;
    for (const ChartCurve& c : m_curves) {
        max = std::max(max, c.maxY());
    }
    m_yTop = 0; // a lower threshold may let the axis shrink
    updateValueTicks(max);
}

void MetricChart::addSample(const MetricsSample& sample) {
    if (m_queue >= sample.queues.size()) {
        return;
    }
    const double seconds = sample.time.seconds();
    m_rawSeconds.push_back(seconds);
    for (std::size_t c = 0; c < m_curves.size(); ++c) {
        const std::optional<double> value =
            curveValue(m_family, static_cast<int>(c), sample.queues[m_queue]);
        m_rawValues[c].push_back(value.value_or(kNoValue));
        m_curves[c].add(seconds, value);
    }
}

void MetricChart::flush() {
    double max = 0;
    for (ChartCurve& c : m_curves) {
        c.flush();
        max = std::max(max, c.maxY());
    }
    updateValueTicks(max);
    const bool noValues = std::all_of(m_curves.begin(), m_curves.end(),
                                      [](const ChartCurve& c) { return c.empty(); });
    m_emptyNote->setVisible(!m_rawSeconds.empty() && noValues);
}

bool MetricChart::showsEmptyNote() const {
    return m_emptyNote->isVisible();
}

void MetricChart::rebuildBuckets() {
    m_bucketCount = std::max(1, static_cast<int>(chart()->plotArea().width()));
    const double top = std::max(timeTop(), 1e-9);
    for (std::size_t c = 0; c < m_curves.size(); ++c) {
        m_curves[c].reset(0, top, m_bucketCount);
        for (std::size_t i = 0; i < m_rawSeconds.size(); ++i) {
            const double value = m_rawValues[c][i];
            m_curves[c].add(m_rawSeconds[i],
                            std::isnan(value) ? std::nullopt : std::optional<double>(value));
        }
    }
    applyTheme();
    flush();
}

void MetricChart::setAlertPeriods(const std::vector<AlertPeriods::Period>& periods,
                                  SimTime frontier) {
    m_shaded.clear();
    for (const AlertPeriods::Period& p : periods) {
        const SimTime to = p.to.value_or(std::max(frontier, p.from));
        m_shaded.emplace_back(p.from.seconds(), to.seconds());
    }
    while (m_shades.size() < static_cast<qsizetype>(m_shaded.size())) {
        auto* shade = new QGraphicsRectItem(chart());
        shade->setPen(Qt::NoPen);
        shade->setBrush(alertShade());
        shade->setZValue(kShadeZ);
        m_shades.append(shade);
    }
    while (m_shades.size() > static_cast<qsizetype>(m_shaded.size())) {
        delete m_shades.takeLast();
    }
    placeOverlays();
}

std::vector<std::pair<double, double>> MetricChart::shadedSeconds() const {
    return m_shaded;
}

void MetricChart::setCursorTime(SimTime t) {
    m_cursor = t;
    placeOverlays();
}

qreal MetricChart::xOf(SimTime t) const {
    const QRectF plot = chart()->plotArea();
    const double top = timeTop();
    const double fraction = top > 0 ? std::clamp(t.seconds() / top, 0.0, 1.0) : 0.0;
    return mapFromScene(chart()->mapToScene(QPointF(plot.left() + fraction * plot.width(), 0))).x();
}

SimTime MetricChart::timeAt(qreal x) const {
    const QRectF plot = chart()->plotArea();
    const qreal chartX = chart()->mapFromScene(mapToScene(QPoint(static_cast<int>(x), 0))).x();
    const double fraction =
        plot.width() > 0 ? std::clamp((chartX - plot.left()) / plot.width(), 0.0, 1.0) : 0.0;
    return SimTime::fromNanos(std::llround(fraction * timeTop() * 1e9));
}

qreal MetricChart::cursorX() const {
    return mapFromScene(m_cursorLine->mapToScene(m_cursorLine->line().p1())).x();
}

void MetricChart::placeOverlays() {
    const QRectF plot = chart()->plotArea();
    const double top = timeTop();
    const auto xAt = [&](double seconds) {
        return plot.left() + std::clamp(seconds / top, 0.0, 1.0) * plot.width();
    };
    const double cursorX = xAt(m_cursor.seconds());
    m_cursorLine->setLine(cursorX, plot.top(), cursorX, plot.bottom());
    const QRectF note = m_emptyNote->boundingRect();
    m_emptyNote->setPos(plot.center() - QPointF(note.width() / 2, note.height() / 2));
    for (std::size_t i = 0; i < m_shaded.size(); ++i) {
        const double from = xAt(m_shaded[i].first);
        // At least a pixel wide: a period shorter than a pixel column still shows.
        const double to = std::max(xAt(m_shaded[i].second), from + 1);
        m_shades[static_cast<qsizetype>(i)]->setRect(from, plot.top(), to - from, plot.height());
    }
}

void MetricChart::layoutPlotArea() {
    const QFontMetrics fm(axisFont(font()));
    const int left = fm.horizontalAdvance(QStringLiteral("000 ms")) + 12;
    const int right = fm.horizontalAdvance(QStringLiteral("00 min")) / 2 + 6;
    const int top = fm.height() / 2 + 4;
    const int bottom = fm.height() + 10;
    const QSizeF size = chart()->size();
    chart()->setPlotArea(QRectF(left, top, std::max(10.0, size.width() - left - right),
                                std::max(10.0, size.height() - top - bottom)));
}

void MetricChart::resizeEvent(QResizeEvent* event) {
    QChartView::resizeEvent(event);
    layoutPlotArea();
    updateTimeTicks();
    if (static_cast<int>(chart()->plotArea().width()) != m_bucketCount) {
        rebuildBuckets();
    }
    placeOverlays();
}

QString MetricChart::valuesNear(SimTime t) const {
    if (m_rawSeconds.empty()) {
        return {};
    }
    const double seconds = t.seconds();
    auto it = std::lower_bound(m_rawSeconds.begin(), m_rawSeconds.end(), seconds);
    if (it == m_rawSeconds.end() ||
        (it != m_rawSeconds.begin() && seconds - *std::prev(it) < *it - seconds)) {
        it = std::prev(it);
    }
    const auto i = static_cast<std::size_t>(it - m_rawSeconds.begin());
    QString text = QStringLiteral("%1 at %2").arg(familyTitle(m_family), formatSeconds(*it));
    for (std::size_t c = 0; c < m_curves.size(); ++c) {
        const double value = m_rawValues[c][i];
        const QString shown = std::isnan(value) ? QStringLiteral("-")
                              : familyValueKind(m_family) == ValueKind::Seconds
                                  ? formatSeconds(value)
                                  : QString::number(value, 'g', 6);
        text += QStringLiteral("\n%1: %2").arg(m_curves[c].name(), shown);
    }
    return text;
}

void MetricChart::mousePressEvent(QMouseEvent* event) {
    if (event->button() != Qt::LeftButton) {
        QChartView::mousePressEvent(event);
        return;
    }
    Q_EMIT cursorRequested(timeAt(event->position().x()));
    event->accept();
}

void MetricChart::mouseMoveEvent(QMouseEvent* event) {
    if ((event->buttons() & Qt::LeftButton) == 0) {
        QToolTip::showText(event->globalPosition().toPoint(),
                           valuesNear(timeAt(event->position().x())), this);
        QChartView::mouseMoveEvent(event);
        return;
    }
    Q_EMIT cursorRequested(timeAt(event->position().x()));
    event->accept();
}

void MetricChart::changeEvent(QEvent* event) {
    QChartView::changeEvent(event);
    if (event->type() == QEvent::PaletteChange) {
        applyTheme();
    }
}

void MetricChart::applyTheme() {
    setBackgroundBrush(Theme::base());
    chart()->setBackgroundBrush(Theme::base());
    chart()->setBackgroundPen(Qt::NoPen);
    QColor grid = Theme::text();
    grid.setAlphaF(Theme::dark() ? 0.16f : 0.10f);
    for (QCategoryAxis* axis : {m_timeAxis, m_valueAxis}) {
        axis->setLabelsBrush(Theme::text());
        axis->setLinePen(QPen(Theme::line(), 1));
        axis->setGridLinePen(QPen(grid, 1));
    }
    const std::vector<MetricCurve> curves = familyCurves(m_family);
    for (std::size_t c = 0; c < m_curves.size(); ++c) {
        // Wider first curves, so that curves on top of each other still show every colour.
        const double width = 1.2 + 0.7 * static_cast<double>(m_curves.size() - 1 - c);
        m_curves[c].setPen(QPen(curves[c].colour, width));
    }
    for (QLineSeries* line : std::as_const(m_thresholds)) {
        QPen pen(Theme::error(), 1.4, Qt::DashLine);
        line->setPen(pen);
    }
    for (QGraphicsRectItem* shade : std::as_const(m_shades)) {
        shade->setBrush(alertShade());
    }
    m_emptyNote->setBrush(Theme::line());
    QPen cursor(Theme::text(), 1.2);
    m_cursorLine->setPen(cursor);
}

} // namespace evsim::gui
