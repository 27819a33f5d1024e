#pragma once

#include "gui/views/metrics/alert_periods.h"
#include "gui/views/metrics/metric_family.h"
#include "simulator/kernel/sim_time.h"

#include <QString>
#include <QWidget>
#include <cstddef>
#include <vector>

class QGridLayout;
class QLabel;
class QScrollArea;

namespace evsim::gui {

class MetricChart;
class SessionController;

// The run's metrics over virtual time, as small multiples: a row per queue (in the scenario's
// order), a column per family of metrics (depth, rates, latency, oldest message), each chart
// holding two or three curves whose key heads its column. The numbers are the run's metrics
// samples, the ones `evsim run --metrics` writes. Alert rules show as dashed thresholds in the
// charts they concern (or as a note by the queue's name), the periods their alerts were raised
// are shaded across the queue's row, and every chart shows the time cursor; a click in a chart
// moves it.
//
// Builds its rows when a session opens, or when it is first shown after that (a system of
// hundreds of queues has thousands of charts: a hidden view builds none), empties them when the
// run restarts, and takes in only the new samples and records on each batch of the run. With
// more queues than kChartedAtOnce, a row's charts are built when it scrolls into sight (a chart
// costs some 400 KB and 3 ms: a thousand queues charted at once took 1.5 GB and 14 s).
class MetricsView : public QWidget {
    Q_OBJECT
public:
    explicit MetricsView(SessionController& controller, QWidget* parent = nullptr);

    static constexpr std::size_t kChartedAtOnce = 16;

    // The chart of one queue's family; nullptr when the scenario has no such queue, or its row
    // has not been in sight yet.
    MetricChart* chart(const QString& queue, MetricFamily family) const;
    // The text next to a queue's name: alert rules with no line to draw.
    QString notes(const QString& queue) const;
    // The queue's alert rules as its row's title lists them, one a line, each with whether
    // (and when first) it was raised: "stale-messages: oldest > 60 s - raised at 2m3s".
    QString alertSummary(const QString& queue) const;

private:
    struct Row {
        QString queue;
        std::size_t source = 0; // position in the metrics samples
        int gridRow = 0;
        QLabel* title = nullptr;
        QWidget* placeholder = nullptr;   // where the charts go once in sight; then none
        std::vector<MetricChart*> charts; // by family, in kMetricFamilies order; or none yet
        std::vector<std::vector<RuleMark>> marks; // by family: thresholds to draw
        QString notes;
        std::vector<std::pair<std::string, QString>> rules; // (rule name, what it watches)
        QStringList summary;                                // as the title shows them
    };

    void sessionOpened(); // rows now if shown, else when first shown
    void rebuild();
    // Whether the charted sources are a log's consumer groups (their depth is their lag).
    bool groupsShown() const; // a new session: rows for its queues
    void dropRows();          // no rows, no charts
    void chartRow(Row& row);  // its charts, up to date with the run
    void chartRowsInSight();
    void restart(); // the same rows, emptied
    void takeNewData();
    void showCursor();
    void applyRules();
    void updateShading();
    void showRowTitles(); // rules, and whether their alerts were raised
    void showHeaders();   // column keys in the palette's colours

protected:
    void changeEvent(QEvent* event) override;
    void showEvent(QShowEvent* event) override;
    void resizeEvent(QResizeEvent* event) override;

private:
    SessionController& m_controller;
    QScrollArea* m_scroll = nullptr;
    QWidget* m_content = nullptr;
    QGridLayout* m_grid = nullptr;
    QLabel* m_empty = nullptr;
    std::vector<QLabel*> m_headers; // by family
    std::vector<Row> m_rows;
    std::size_t m_samplesRead = 0;
    bool m_needsBuild = false; // a session opened while the view was hidden
    bool m_lazy = false;       // rows are charted as they come into sight
    AlertPeriods m_periods;
};

} // namespace evsim::gui
