#include "gui/views/compare/depth_overlay.h"

#include "gui/theme/theme.h"
#include "gui/views/axis_ticks.h"
#include "harness/session/run_data.h"

#include <QCategoryAxis>
#include <QChart>
#include <QLineSeries>
#include <QPen>
#include <QValueAxis>
#include <algorithm>

namespace evsim::gui {
namespace {

// The samples of `queue` in `run` as (seconds, depth) points; the highest depth in `peak`.
QList<QPointF> depthOf(const RunData& run, const QString& queue, double& peak) {
    QList<QPointF> points;
    const std::vector<QueueStats>& queues = run.summary().queues;
    const auto it = std::find_if(queues.begin(), queues.end(), [&](const QueueStats& q) {
        return QString::fromStdString(q.name) == queue;
    });
    if (it == queues.end()) {
        return points;
    }
    const auto index = static_cast<std::size_t>(it - queues.begin()); // the broker's order
    points.reserve(static_cast<qsizetype>(run.samples().size()));
    for (const MetricsSample& s : run.samples()) {
        if (index < s.queues.size()) {
            const double depth =
                static_cast<double>(s.queues[index].ready + s.queues[index].unacked);
            points.append(QPointF(s.time.seconds(), depth));
            peak = std::max(peak, depth);
        }
    }
    return points;
}

} // namespace

DepthOverlay::DepthOverlay(QWidget* parent) : QChartView(parent) {
    auto* chart = new QChart;
    chart->legend()->setAlignment(Qt::AlignTop);
    // Room on the right for half of the last tick's label ("120 min"), centred on the edge.
    chart->setMargins(
        QMargins(4, 4, 4 + fontMetrics().horizontalAdvance(QStringLiteral("120 min")) / 2, 4));
    m_a = new QLineSeries(chart);
    m_b = new QLineSeries(chart);
    chart->addSeries(m_a);
    chart->addSeries(m_b);
    m_time = new QCategoryAxis(chart);
    m_time->setTitleText(tr("virtual time"));
    m_time->setLabelsPosition(QCategoryAxis::AxisLabelsPositionOnValue);
    m_depth = new QValueAxis(chart);
    m_depth->setTitleText(tr("depth"));
    m_depth->setLabelFormat(QStringLiteral("%d"));
    chart->addAxis(m_time, Qt::AlignBottom);
    chart->addAxis(m_depth, Qt::AlignLeft);
    for (QLineSeries* s : {m_a, m_b}) {
        s->attachAxis(m_time);
        s->attachAxis(m_depth);
    }
    setChart(chart);
    setRenderHint(QPainter::Antialiasing);
    setMinimumHeight(100);
    applyTheme();
    clear();
}

void DepthOverlay::clear() {
    m_a->clear();
    m_b->clear();
    m_a->setName(tr("A"));
    m_b->setName(tr("B"));
    chart()->setTitle(tr("Select a queue's figure to overlay its depth in both runs"));
}

void DepthOverlay::show(const RunData& a, const RunData& b, const QString& queue) {
    double peak = 1;
    m_a->replace(depthOf(a, queue, peak));
    m_b->replace(depthOf(b, queue, peak));
    m_a->setName(tr("A (this run)"));
    m_b->setName(tr("B"));
    const double end = std::max(a.frontier().seconds(), b.frontier().seconds());
    // Round steps from 0 in the unit that reads best ("0, 2 s, 4 s"; "0, 20 min, 40 min"),
    // as the metrics charts tick.
    for (const QString& label : m_time->categoriesLabels()) {
        m_time->remove(label);
    }
    m_time->setStartValue(0);
    const std::vector<Tick> ticks = ticksUpTo(std::max(end, 1e-3), 5, TickKind::Seconds);
    for (const Tick& tick : ticks) {
        m_time->append(tick.label, tick.value);
    }
    m_time->setRange(0, ticks.back().value);
    m_depth->setRange(0, std::max(4.0, peak * 1.1)); // whole-number ticks on a quiet queue
    m_depth->applyNiceNumbers();
    chart()->setTitle(tr("%1: ready + unacked").arg(queue));
}

void DepthOverlay::applyTheme() {
    chart()->setBackgroundBrush(Theme::base());
    chart()->setTitleBrush(Theme::text());
    chart()->legend()->setLabelColor(Theme::text());
    for (QAbstractAxis* axis : std::initializer_list<QAbstractAxis*>{m_time, m_depth}) {
        axis->setLabelsColor(Theme::text());
        axis->setTitleBrush(Theme::text());
        axis->setLinePenColor(Theme::line());
        axis->setGridLineColor(Theme::line());
    }
    // Blue and orange: told apart with any colour vision, and B dashed besides.
    QPen a(Theme::readable(Theme::eventType(1)), 2);
    QPen b(Theme::readable(Theme::warning()), 2, Qt::DashLine);
    m_a->setPen(a);
    m_b->setPen(b);
}

} // namespace evsim::gui
