#include "gui/views/metrics/metrics_view.h"

#include "gui/control/session_controller.h"
#include "gui/theme/theme.h"
#include "gui/views/metrics/metric_chart.h"
#include "simulator/broker/broker_factory.h"

#include <QEvent>
#include <QGridLayout>
#include <QLabel>
#include <QScrollArea>
#include <QScrollBar>
#include <QVBoxLayout>

namespace evsim::gui {
namespace {

// A chart's height while rows are charted as they come into sight: their placeholders and
// charts take the same room.
constexpr int kLazyChartHeight = 140;

// The key over a column: the family's name, then a short line in each curve's colour.
// `groups`: the sources are a log's consumer groups, whose depth is their lag.
QString columnHeader(MetricFamily family, bool groups) {
    QString html = QStringLiteral("<b>%1</b>").arg(familyTitle(family, groups).toHtmlEscaped());
    for (const MetricCurve& c : familyCurves(family)) {
        html += QStringLiteral("&nbsp;&nbsp;&nbsp;<span style=\"color:%1\">&#9473;&#9473;</span>"
                               "&nbsp;%2")
                    .arg(c.colour.name(), c.name.toHtmlEscaped());
    }
    return html;
}

QString columnTooltip(MetricFamily family, bool groups) {
    QString text = familyTitle(family, groups) + QStringLiteral(" (") + familyUnit(family) +
                   QStringLiteral(")");
    for (const MetricCurve& c : familyCurves(family)) {
        text += QStringLiteral("\n%1: %2").arg(c.name, c.caption);
    }
    return text;
}

// A queue's row title: its name, then its alert rules in the alert colour.
QString rowTitle(const QString& queue, const QStringList& rules) {
    QString html = QStringLiteral("<b>%1</b>").arg(queue.toHtmlEscaped());
    for (const QString& rule : rules) {
        html +=
            QStringLiteral("&nbsp;&nbsp;&nbsp;<span style=\"color:%1\">&#9476;&#9476; %2</span>")
                .arg(Theme::readable(Theme::error()).name(), rule.toHtmlEscaped());
    }
    return html;
}

} // namespace

MetricsView::MetricsView(SessionController& controller, QWidget* parent)
    : QWidget(parent), m_controller(controller) {
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    m_empty = new QLabel(tr("Open a scenario to chart its queues over virtual time."), this);
    m_empty->setAlignment(Qt::AlignCenter);
    m_empty->setEnabled(false);
    layout->addWidget(m_empty);
    m_scroll = new QScrollArea(this);
    m_scroll->setWidgetResizable(true);
    m_scroll->setFrameShape(QFrame::NoFrame);
    m_scroll->hide();
    layout->addWidget(m_scroll);
    connect(m_scroll->verticalScrollBar(), &QScrollBar::valueChanged, this,
            &MetricsView::chartRowsInSight);

    connect(&controller, &SessionController::sessionOpened, this, &MetricsView::sessionOpened);
    connect(&controller, &SessionController::runRestarted, this, &MetricsView::restart);
    connect(&controller, &SessionController::dataChanged, this, &MetricsView::takeNewData);
    connect(&controller, &SessionController::runFinished, this, &MetricsView::takeNewData);
    connect(&controller, &SessionController::cursorChanged, this, &MetricsView::showCursor);
    if (controller.hasSession()) {
        sessionOpened();
    }
}

void MetricsView::sessionOpened() {
    if (isVisible()) {
        rebuild();
        return;
    }
    dropRows(); // the last session's charts go now, the new ones come when shown
    m_needsBuild = true;
}

void MetricsView::dropRows() {
    m_rows.clear();
    m_headers.clear();
    delete m_scroll->takeWidget();
    m_content = nullptr;
    m_grid = nullptr;
}

void MetricsView::showEvent(QShowEvent* event) {
    QWidget::showEvent(event);
    if (m_needsBuild) {
        rebuild();
    }
    chartRowsInSight();
}

void MetricsView::resizeEvent(QResizeEvent* event) {
    QWidget::resizeEvent(event);
    chartRowsInSight();
}

// The rows within a screen of the part in sight get their charts.
void MetricsView::chartRowsInSight() {
    if (!m_lazy || m_content == nullptr || !isVisible()) {
        return;
    }
    m_content->layout()->activate(); // placeholders where they will be
    const int height = m_scroll->viewport()->height();
    const int top = m_scroll->verticalScrollBar()->value() - height;
    const int bottom = m_scroll->verticalScrollBar()->value() + 2 * height;
    for (Row& row : m_rows) {
        if (row.placeholder != nullptr) {
            const QRect at = row.placeholder->geometry();
            if (at.bottom() >= top && at.top() <= bottom) {
                chartRow(row);
            }
        }
    }
}

MetricChart* MetricsView::chart(const QString& queue, MetricFamily family) const {
    for (const Row& row : m_rows) {
        if (row.queue == queue) {
            for (MetricChart* c : row.charts) {
                if (c->family() == family) {
                    return c;
                }
            }
        }
    }
    return nullptr;
}

QString MetricsView::alertSummary(const QString& queue) const {
    for (const Row& row : m_rows) {
        if (row.queue == queue) {
            return row.summary.join(QLatin1Char('\n'));
        }
    }
    return {};
}

QString MetricsView::notes(const QString& queue) const {
    for (const Row& row : m_rows) {
        if (row.queue == queue) {
            return row.notes;
        }
    }
    return {};
}

bool MetricsView::groupsShown() const {
    return m_controller.hasSession() &&
           m_controller.session().scenario().broker.kind == BrokerKind::Kafka;
}

void MetricsView::rebuild() {
    m_needsBuild = false;
    dropRows();
    m_samplesRead = 0; // the charts about to be built start from the new run's first sample
    m_periods.clear();
    m_content = new QWidget;
    m_grid = new QGridLayout(m_content);
    m_grid->setContentsMargins(6, 4, 6, 6);
    m_grid->setHorizontalSpacing(10);
    m_grid->setVerticalSpacing(2);
    const auto families = std::size(kMetricFamilies);
    for (std::size_t f = 0; f < families; ++f) {
        auto* header = new QLabel(m_content);
        header->setTextFormat(Qt::RichText);
        header->setWordWrap(true); // the key goes under the title in a narrow dock
        header->setAlignment(Qt::AlignLeft | Qt::AlignBottom);
        header->setToolTip(columnTooltip(kMetricFamilies[f], groupsShown()));
        m_grid->addWidget(header, 0, static_cast<int>(f));
        m_headers.push_back(header);
        m_grid->setColumnStretch(static_cast<int>(f), 1);
    }
    const std::vector<BrokerTopology::Source> queues =
        describeBroker(m_controller.session().scenario().broker).sources;
    m_lazy = queues.size() > kChartedAtOnce;
    for (std::size_t q = 0; q < queues.size(); ++q) {
        Row row;
        row.queue = QString::fromStdString(queues[q].name);
        row.source = q;
        row.gridRow = 1 + static_cast<int>(q) * 2;
        row.title = new QLabel(m_content);
        row.title->setTextFormat(Qt::RichText);
        row.title->setWordWrap(true);
        row.title->setContentsMargins(0, 8, 0, 0);
        m_grid->addWidget(row.title, row.gridRow, 0, 1, static_cast<int>(families));
        row.marks.resize(families);
        if (m_lazy) {
            row.placeholder = new QWidget(m_content);
            row.placeholder->setFixedHeight(kLazyChartHeight);
            m_grid->addWidget(row.placeholder, row.gridRow + 1, 0, 1, static_cast<int>(families));
        } else {
            m_grid->setRowStretch(row.gridRow + 1, 100);
        }
        m_rows.push_back(std::move(row));
    }
    if (!m_lazy) {
        for (Row& row : m_rows) {
            chartRow(row);
        }
    }
    m_grid->setRowStretch(1 + static_cast<int>(queues.size()) * 2, 1);
    showHeaders();
    m_scroll->setWidget(m_content);
    m_empty->hide();
    m_scroll->show();
    restart();
    chartRowsInSight();
}

void MetricsView::chartRow(Row& row) {
    delete row.placeholder;
    row.placeholder = nullptr;
    const RunData& data = m_controller.data();
    const EntityId queue = data.entities().find(EntityKind::Queue, row.queue.toStdString());
    for (std::size_t f = 0; f < std::size(kMetricFamilies); ++f) {
        auto* chart = new MetricChart(kMetricFamilies[f], row.source, m_content);
        chart->setMinimumWidth(160);
        if (m_lazy) {
            chart->setFixedHeight(kLazyChartHeight); // the rows below stay where they were
        }
        connect(chart, &MetricChart::cursorRequested, this,
                [this](SimTime t) { m_controller.setCursor(t); });
        m_grid->addWidget(chart, row.gridRow + 1, static_cast<int>(f));
        chart->reset(m_controller.end());
        chart->setThresholds(row.marks[f]);
        for (std::size_t i = 0; i < std::min(m_samplesRead, data.samples().size()); ++i) {
            chart->addSample(data.samples()[i]);
        }
        chart->flush();
        chart->setAlertPeriods(m_periods.of(queue), data.frontier());
        chart->setCursorTime(m_controller.cursor());
        chart->show();
        row.charts.push_back(chart);
    }
}

void MetricsView::restart() {
    m_samplesRead = 0;
    m_periods.clear();
    for (Row& row : m_rows) {
        for (MetricChart* c : row.charts) {
            c->reset(m_controller.end());
        }
    }
    applyRules();
    takeNewData();
    showCursor();
}

void MetricsView::applyRules() {
    if (!m_controller.hasSession()) {
        return;
    }
    const std::vector<AlertRule>& rules = m_controller.session().scenario().alerts;
    for (Row& row : m_rows) {
        row.rules.clear();
        QStringList notes;
        std::vector<std::vector<RuleMark>>& marks = row.marks;
        marks.assign(std::size(kMetricFamilies), {});
        for (const AlertRule& rule : rules) {
            if (QString::fromStdString(rule.queue) != row.queue) {
                continue;
            }
            for (std::size_t f = 0; f < marks.size(); ++f) {
                const RuleMark mark = ruleMark(kMetricFamilies[f], rule, groupsShown());
                if (mark.kind == RuleMark::Kind::None) {
                    continue;
                }
                marks[f].push_back(mark);
                row.rules.emplace_back(rule.name, mark.text);
                if (mark.kind == RuleMark::Kind::Note) {
                    notes.append(mark.text);
                }
            }
        }
        for (std::size_t f = 0; f < row.charts.size(); ++f) {
            row.charts[f]->setThresholds(marks[f]);
        }
        row.notes = notes.join(QStringLiteral("; "));
    }
    showRowTitles();
}

void MetricsView::showRowTitles() {
    const RunData& data = m_controller.data();
    for (Row& row : m_rows) {
        row.summary.clear();
        for (const auto& [name, text] : row.rules) {
            const std::optional<SimTime> raised =
                m_periods.firstRaised(data.entities().find(EntityKind::Alert, name));
            if (raised) {
                row.summary.append(tr("%1 - raised at %2")
                                       .arg(text, QString::fromStdString(formatDuration(*raised))));
            } else {
                row.summary.append(data.finished() ? tr("%1 - never raised").arg(text) : text);
            }
        }
        row.title->setText(rowTitle(row.queue, row.summary));
    }
}

void MetricsView::takeNewData() {
    if (m_rows.empty()) {
        return;
    }
    const RunData& data = m_controller.data();
    const std::vector<MetricsSample>& samples = data.samples();
    if (samples.size() > m_samplesRead) {
        for (std::size_t i = m_samplesRead; i < samples.size(); ++i) {
            for (Row& row : m_rows) {
                for (MetricChart* c : row.charts) {
                    c->addSample(samples[i]);
                }
            }
        }
        m_samplesRead = samples.size();
        for (Row& row : m_rows) {
            for (MetricChart* c : row.charts) {
                c->flush();
            }
        }
    }
    // Open periods grow with the run even when no alert changed.
    const bool changed = m_periods.update(data);
    if (changed || m_periods.anyOpen()) {
        updateShading();
    }
    if (changed || data.finished()) {
        showRowTitles();
    }
}

void MetricsView::updateShading() {
    const RunData& data = m_controller.data();
    for (Row& row : m_rows) {
        const EntityId queue = data.entities().find(EntityKind::Queue, row.queue.toStdString());
        for (MetricChart* c : row.charts) {
            c->setAlertPeriods(m_periods.of(queue), data.frontier());
        }
    }
}

void MetricsView::showHeaders() {
    for (std::size_t f = 0; f < m_headers.size(); ++f) {
        m_headers[f]->setText(columnHeader(kMetricFamilies[f], groupsShown()));
    }
}

void MetricsView::changeEvent(QEvent* event) {
    QWidget::changeEvent(event);
    if (event->type() == QEvent::PaletteChange) {
        showHeaders();   // curve colours depend on a light or dark palette
        showRowTitles(); // so does the alert colour as text
    }
}

void MetricsView::showCursor() {
    for (Row& row : m_rows) {
        for (MetricChart* c : row.charts) {
            c->setCursorTime(m_controller.cursor());
        }
    }
}

} // namespace evsim::gui
