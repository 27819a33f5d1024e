#include "gui/control/session_controller.h"
#include "gui/views/axis_ticks.h"
#include "gui/views/metrics/metric_chart.h"
#include "gui/views/metrics/metrics_view.h"
#include "gui/views/metrics/min_max_buckets.h"
#include "tests/gui/gui_test_support.h"

#include <QApplication>
#include <QCategoryAxis>
#include <QFile>
#include <QLineSeries>
#include <QProcess>
#include <QScrollArea>
#include <QScrollBar>
#include <QTemporaryDir>
#include <QTest>
#include <algorithm>
#include <cmath>
#include <map>

using namespace evsim;
using namespace evsim::gui;

namespace {

SimTime atSeconds(double seconds) {
    return SimTime::fromNanos(std::llround(seconds * 1e9));
}

// The CSV `evsim run --metrics` wrote: column name -> values by row.
std::map<QString, std::vector<double>> readCsv(const QString& path) {
    std::map<QString, std::vector<double>> columns;
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly | QIODevice::Text)) {
        return columns;
    }
    const QStringList header = QString::fromUtf8(file.readLine()).trimmed().split(QLatin1Char(','));
    while (!file.atEnd()) {
        const QStringList fields =
            QString::fromUtf8(file.readLine()).trimmed().split(QLatin1Char(','));
        for (qsizetype i = 0; i < header.size() && i < fields.size(); ++i) {
            columns[header[i]].push_back(fields[i].toDouble());
        }
    }
    return columns;
}

// A view as the dock shows it, wide enough for one pixel column per sample.
struct Fixture {
    SessionController controller;
    MetricsView view{controller};

    explicit Fixture(int width = 1600) {
        view.resize(width, 900);
        view.show();
    }
};

} // namespace

class MetricsViewTest : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void theDepthCurvesAreTheRunStateAtEachSample() {
        Fixture f;
        QVERIFY(test::openAndFinish(f.controller,
                                    QStringLiteral("scenarios/consumer-maintenance-window.json")));
        const QString name = QStringLiteral("fulfilment.orders");
        MetricChart* chart = f.view.chart(name, MetricFamily::Depth);
        QVERIFY(chart != nullptr);
        const RunData& data = f.controller.data();
        const EntityId queue = data.entities().find(EntityKind::Queue, name.toStdString());
        QVERIFY(queue != kNoEntity);
        // One point per sample: this run is shorter than the chart is wide.
        QCOMPARE(static_cast<std::size_t>(chart->curve(0).points().size()), data.samples().size());
        double deepest = 0;
        for (int c = 0; c < 2; ++c) {
            const ChartCurve& curve = chart->curve(c);
            for (const QPointF& p : curve.points()) {
                const RunState state = f.controller.index().stateAt(atSeconds(p.x()));
                const RunState::Queue& q = state.queues[queue];
                const double expected = static_cast<double>(c == 0 ? q.ready : q.unacked);
                QVERIFY2(p.y() == expected,
                         qPrintable(QStringLiteral("%1 at %2 s: chart %3, run state %4")
                                        .arg(curve.name())
                                        .arg(p.x())
                                        .arg(p.y())
                                        .arg(expected)));
                deepest = std::max(deepest, p.y());
            }
        }
        QVERIFY(deepest >= 1000); // the maintenance window backs the queue up
        // Hovering shows the sample nearest the pointer.
        const MetricsSample& sample = data.samples()[69];
        const QString hover = chart->valuesNear(sample.time + SimTime::fromMillis(300));
        QVERIFY2(
            hover.contains(QStringLiteral("ready: %1").arg(sample.queues[chart->queue()].ready)),
            qPrintable(hover));
        QVERIFY2(hover.contains(
                     QStringLiteral("unacked: %1").arg(sample.queues[chart->queue()].unacked)),
                 qPrintable(hover));
    }

    void theValuesAreThoseTheCliWrites() {
        const QString scenario =
            test::sourcePath(QStringLiteral("scenarios/consumer-maintenance-window.json"));
        QTemporaryDir dir;
        const QString csv = dir.filePath(QStringLiteral("metrics.csv"));
        QProcess evsim;
        evsim.start(QStringLiteral(EVSIM_CLI),
                    {QStringLiteral("run"), scenario, QStringLiteral("--quiet"),
                     QStringLiteral("--metrics"), csv});
        QVERIFY(evsim.waitForFinished(120'000));
        const std::map<QString, std::vector<double>> columns = readCsv(csv);
        QVERIFY2(columns.contains(QStringLiteral("time_s")),
                 qPrintable(QString::fromUtf8(evsim.readAllStandardError())));
        const std::vector<double>& times = columns.at(QStringLiteral("time_s"));

        Fixture f;
        QVERIFY(test::openAndFinish(f.controller,
                                    QStringLiteral("scenarios/consumer-maintenance-window.json")));
        const QString queue = QStringLiteral("fulfilment.orders");
        struct Expected {
            MetricFamily family;
            int curve;
            QString column;
            double scale; // chart unit per CSV unit
        };
        const Expected checks[] = {
            {MetricFamily::Depth, 0, queue + QStringLiteral(".ready"), 1},
            {MetricFamily::Depth, 1, queue + QStringLiteral(".unacked"), 1},
            {MetricFamily::Rates, 0, queue + QStringLiteral(".publish_per_s"), 1},
            {MetricFamily::Rates, 1, queue + QStringLiteral(".deliver_per_s"), 1},
            {MetricFamily::Rates, 2, queue + QStringLiteral(".ack_per_s"), 1},
            {MetricFamily::Latency, 0, queue + QStringLiteral(".latency_p50_ms"), 1e-3},
            {MetricFamily::Latency, 1, queue + QStringLiteral(".latency_p99_ms"), 1e-3},
            {MetricFamily::OldestAge, 0, queue + QStringLiteral(".oldest_age_ms"), 1e-3},
        };
        const std::vector<double>& processed = columns.at(queue + QStringLiteral(".processed"));
        for (const Expected& e : checks) {
            QVERIFY2(columns.contains(e.column), qPrintable(e.column));
            const std::vector<double>& values = columns.at(e.column);
            const QList<QPointF> points = f.view.chart(queue, e.family)->curve(e.curve).points();
            // Latency leaves out the intervals where nothing was processed; the rest is 1:1.
            std::vector<std::pair<double, double>> expected;
            for (std::size_t row = 0; row < times.size(); ++row) {
                if (e.family != MetricFamily::Latency || processed[row] > 0) {
                    expected.emplace_back(times[row], values[row] * e.scale);
                }
            }
            QCOMPARE(static_cast<std::size_t>(points.size()), expected.size());
            bool someNonZero = false;
            for (qsizetype i = 0; i < points.size(); ++i) {
                const auto [t, v] = expected[static_cast<std::size_t>(i)];
                QCOMPARE(points[i].x(), t);
                QVERIFY2(std::abs(points[i].y() - v) <= 1e-9 * std::max(1.0, std::abs(v)),
                         qPrintable(QStringLiteral("%1 at %2 s: chart %3, CLI %4")
                                        .arg(e.column)
                                        .arg(t)
                                        .arg(points[i].y())
                                        .arg(v)));
                someNonZero = someNonZero || v != 0;
            }
            if (e.family != MetricFamily::OldestAge) {
                QVERIFY2(someNonZero, qPrintable(e.column));
            }
        }
    }

    void anAlertDrawsItsThresholdAndShadesWhenItWasRaised() {
        Fixture f;
        QVERIFY(test::openAndFinish(f.controller,
                                    QStringLiteral("scenarios/consumer-maintenance-window.json")));
        const QString queue = QStringLiteral("fulfilment.orders");
        MetricChart* depth = f.view.chart(queue, MetricFamily::Depth);
        QCOMPARE(depth->thresholdLines().size(), 1);
        const QList<QPointF> line = depth->thresholdLines().front()->points();
        QCOMPARE(line.size(), 2);
        QCOMPARE(line[0], QPointF(0, 500));
        QCOMPARE(line[1].y(), 500.0);
        QVERIFY(line[1].x() >= f.controller.end().seconds());
        QVERIFY(depth->yTop() > 500); // the line is inside the chart
        // Only depth has a threshold for this rule.
        QVERIFY(f.view.chart(queue, MetricFamily::Rates)->thresholdLines().isEmpty());

        // The shaded periods are the alert's raised-to-resolved spans, in every chart of the row.
        const RunData& data = f.controller.data();
        std::vector<std::pair<double, double>> expected;
        for (const AlertEvent& e : data.alertEvents()) {
            if (e.raised) {
                expected.emplace_back(e.time.seconds(), f.controller.end().seconds());
            } else {
                QVERIFY(!expected.empty());
                expected.back().second = e.time.seconds();
            }
        }
        QCOMPARE(expected.size(), std::size_t{1});
        QVERIFY(expected[0].second > expected[0].first);
        for (const MetricFamily family : kMetricFamilies) {
            QCOMPARE(f.view.chart(queue, family)->shadedSeconds(), expected);
        }
        // Another queue's row is not shaded.
        for (const QueueSpec& q : f.controller.session().scenario().broker.amqp.queues) {
            if (QString::fromStdString(q.name) != queue) {
                QVERIFY(f.view.chart(QString::fromStdString(q.name), MetricFamily::Depth)
                            ->shadedSeconds()
                            .empty());
            }
        }
    }

    void rulesOnAgeDrawInTheAgeChartAndOthersAreNoted() {
        Fixture f;
        QVERIFY(test::openAndFinish(f.controller,
                                    QStringLiteral("scenarios/undetected-consumer-hang.json")));
        const QString queue = QStringLiteral("payments.capture");
        MetricChart* age = f.view.chart(queue, MetricFamily::OldestAge);
        QCOMPARE(age->thresholdLines().size(), 1);
        QCOMPARE(age->thresholdLines().front()->points().front().y(), 60.0);
        MetricChart* depth = f.view.chart(queue, MetricFamily::Depth);
        QCOMPARE(depth->thresholdLines().size(), 1);
        QCOMPARE(depth->thresholdLines().front()->points().front().y(), 10000.0);
        QVERIFY(f.view.notes(queue).contains(QStringLiteral("no-consumer")));
        // The title says which alerts fired: only the one on message age.
        const QStringList summary = f.view.alertSummary(queue).split(QLatin1Char('\n'));
        QCOMPARE(summary.size(), 3);
        for (const QString& line : summary) {
            const bool stale = line.startsWith(QStringLiteral("stale-messages"));
            QVERIFY2(
                line.contains(stale ? QStringLiteral("raised at") : QStringLiteral("never raised")),
                qPrintable(line));
        }
        // Only stale-messages fired: one shaded period.
        QCOMPARE(age->shadedSeconds().size(), std::size_t{1});
    }

    void theCursorLineFollowsTheController() {
        Fixture f;
        QVERIFY(test::openAndFinish(f.controller,
                                    QStringLiteral("scenarios/consumer-maintenance-window.json")));
        const QString queue = QStringLiteral("fulfilment.orders");
        MetricChart* depth = f.view.chart(queue, MetricFamily::Depth);
        MetricChart* latency = f.view.chart(queue, MetricFamily::Latency);
        f.controller.setCursor(SimTime::fromSeconds(30));
        QCOMPARE(depth->cursorTime(), SimTime::fromSeconds(30));
        QCOMPARE(depth->cursorX(), depth->xOf(SimTime::fromSeconds(30)));
        const qreal early = depth->cursorX();
        f.controller.setCursor(SimTime::fromSeconds(150));
        QCOMPARE(latency->cursorTime(), SimTime::fromSeconds(150));
        QCOMPARE(depth->cursorX(), depth->xOf(SimTime::fromSeconds(150)));
        QVERIFY(depth->cursorX() > early + 100);
        // Charts of a column share their time axis: the cursor is at the same x in each row.
        for (const QueueSpec& q : f.controller.session().scenario().broker.amqp.queues) {
            QCOMPARE(f.view.chart(QString::fromStdString(q.name), MetricFamily::Depth)->cursorX(),
                     depth->cursorX());
        }
    }

    void aClickInAChartMovesTheCursor() {
        Fixture f;
        QVERIFY(test::openAndFinish(f.controller,
                                    QStringLiteral("scenarios/consumer-maintenance-window.json")));
        MetricChart* rates = f.view.chart(QStringLiteral("fulfilment.orders"), MetricFamily::Rates);
        const SimTime target = SimTime::fromSeconds(100);
        const int x = static_cast<int>(std::lround(rates->xOf(target)));
        QTest::mouseClick(rates->viewport(), Qt::LeftButton, {}, QPoint(x, rates->height() / 2));
        // Within a pixel column of where it was clicked.
        const double secondsPerPixel =
            rates->timeAxis()->max() / rates->chart()->plotArea().width();
        QVERIFY2(std::abs(f.controller.cursor().seconds() - 100) <= secondsPerPixel,
                 qPrintable(QString::number(f.controller.cursor().seconds())));
        QCOMPARE(rates->cursorTime(), f.controller.cursor());
    }

    void downsamplingKeepsTheMinimumAndMaximumOfEachBucket() {
        MinMaxBuckets buckets(0, 100, 10);
        std::map<int, std::pair<double, double>> extremes; // bucket -> (min, max)
        std::uint32_t state = 12345;
        for (int i = 0; i < 1000; ++i) {
            state = state * 1103515245u + 12345u;
            const double x = i * 0.1;
            const double y = static_cast<double>((state >> 16) % 1000);
            buckets.add(x, y);
            const int b = buckets.bucketOf(x);
            auto [it, added] = extremes.try_emplace(b, y, y);
            it->second = {std::min(it->second.first, y), std::max(it->second.second, y)};
        }
        const std::vector<QPointF> points = buckets.points();
        QVERIFY(points.size() <= 20);
        std::map<int, std::vector<double>> byBucket;
        for (std::size_t i = 0; i < points.size(); ++i) {
            byBucket[buckets.bucketOf(points[i].x())].push_back(points[i].y());
            if (i > 0) {
                QVERIFY(points[i].x() > points[i - 1].x()); // in time order
            }
        }
        QCOMPARE(byBucket.size(), extremes.size());
        for (const auto& [b, minMax] : extremes) {
            const std::vector<double>& kept = byBucket[b];
            QVERIFY(kept.size() <= 2);
            QCOMPARE(*std::min_element(kept.begin(), kept.end()), minMax.first);
            QCOMPARE(*std::max_element(kept.begin(), kept.end()), minMax.second);
        }
        // Closed buckets never change: what a chart appended stays right.
        const std::vector<QPointF> closed = buckets.closed();
        QVERIFY(std::equal(closed.begin(), closed.end(), points.begin()));
    }

    void aNarrowChartReducesALongRunButKeepsItsPeak() {
        Fixture f(700); // four columns of about 150 px for a run of 360 samples
        QVERIFY(test::openAndFinish(f.controller,
                                    QStringLiteral("scenarios/undetected-consumer-hang.json")));
        MetricChart* depth = f.view.chart(QStringLiteral("payments.capture"), MetricFamily::Depth);
        const std::vector<MetricsSample>& samples = f.controller.data().samples();
        const QList<QPointF> points = depth->curve(0).points();
        QVERIFY2(points.size() < static_cast<qsizetype>(samples.size()),
                 qPrintable(QStringLiteral("%1 points").arg(points.size())));
        QVERIFY(points.size() <=
                2 * static_cast<qsizetype>(depth->chart()->plotArea().width()) + 2);
        double peak = 0;
        for (const MetricsSample& s : samples) {
            peak = std::max(peak, static_cast<double>(s.queues[depth->queue()].ready));
        }
        const auto top = std::max_element(points.begin(), points.end(),
                                          [](QPointF a, QPointF b) { return a.y() < b.y(); });
        QCOMPARE(top->y(), peak);
    }

    void aRestartEmptiesTheChartsAndTheRunRefillsThem() {
        Fixture f;
        QVERIFY(test::openAndFinish(f.controller, QStringLiteral("scenarios/hello-pubsub.json")));
        const QString queue = QString::fromStdString(
            f.controller.session().scenario().broker.amqp.queues.front().name);
        const QList<QPointF> before = f.view.chart(queue, MetricFamily::Depth)->curve(0).points();
        QVERIFY(!before.isEmpty());
        QVERIFY(f.controller.reload());
        f.controller.runToEnd();
        const QList<QPointF> after = f.view.chart(queue, MetricFamily::Depth)->curve(0).points();
        QCOMPARE(after, before); // the same run again, not twice the points
        // Batch by batch gives what a view built once the run was over shows.
        MetricsView late(f.controller);
        late.resize(f.view.size());
        late.show();
        for (const MetricFamily family : kMetricFamilies) {
            const MetricChart* incremental = f.view.chart(queue, family);
            const MetricChart* whole = late.chart(queue, family);
            for (int c = 0; c < incremental->curveCount(); ++c) {
                QCOMPARE(incremental->curve(c).points(), whole->curve(c).points());
            }
        }
    }

    // A hidden view builds no chart (hundreds of queues make thousands); shown later, it
    // builds them and shows the whole run so far, as one shown from the start does.
    void aHiddenViewBuildsItsChartsWhenFirstShown() {
        Fixture f;
        MetricsView hidden(f.controller);
        hidden.resize(f.view.size());
        QVERIFY(test::openAndFinish(f.controller, QStringLiteral("scenarios/hello-pubsub.json")));
        const QString queue = QString::fromStdString(
            f.controller.session().scenario().broker.amqp.queues.front().name);
        QVERIFY(f.view.chart(queue, MetricFamily::Depth) != nullptr);
        QVERIFY(hidden.chart(queue, MetricFamily::Depth) == nullptr);
        QVERIFY(hidden.findChildren<MetricChart*>().isEmpty());
        hidden.show();
        for (const MetricFamily family : kMetricFamilies) {
            const MetricChart* shown = f.view.chart(queue, family);
            const MetricChart* late = hidden.chart(queue, family);
            QVERIFY(late != nullptr);
            for (int c = 0; c < shown->curveCount(); ++c) {
                QCOMPARE(late->curve(c).points(), shown->curve(c).points());
            }
        }
    }

    // A system of many queues charts the rows in sight (a chart costs some 400 KB and 3 ms: a
    // thousand queues took 1.5 GB and 14 s at once), and each further row as it scrolls in,
    // with everything the run measured so far.
    void aLargeSystemChartsTheRowsInSightAndTheRestAsTheyScrollIn() {
        QTemporaryDir dir;
        SessionController controller;
        MetricsView view(controller);
        view.resize(1000, 600);
        view.show();
        QString errors;
        QVERIFY2(controller.openFile(test::writeWideScenario(dir.path(), 120), &errors),
                 qPrintable(errors));
        controller.runToEnd();
        QApplication::processEvents();
        const auto families = static_cast<qsizetype>(std::size(kMetricFamilies));
        const qsizetype charted = view.findChildren<MetricChart*>().size();
        QVERIFY2(charted > 0 && charted <= 20 * families, qPrintable(QString::number(charted)));
        QVERIFY(view.chart(QStringLiteral("q000"), MetricFamily::Depth) != nullptr);
        QVERIFY(view.chart(QStringLiteral("q119"), MetricFamily::Depth) == nullptr);

        auto* scroll = view.findChild<QScrollArea*>();
        QVERIFY(scroll != nullptr);
        scroll->verticalScrollBar()->setValue(scroll->verticalScrollBar()->maximum());
        QApplication::processEvents();
        const MetricChart* last = view.chart(QStringLiteral("q119"), MetricFamily::Depth);
        QVERIFY(last != nullptr);
        // The same as a chart that took every sample as it came.
        MetricChart reference(MetricFamily::Depth, 119);
        reference.reset(controller.end());
        for (const MetricsSample& sample : controller.data().samples()) {
            reference.addSample(sample);
        }
        reference.flush();
        QVERIFY(!reference.valuesNear(SimTime::fromMillis(500)).isEmpty());
        for (const int ms : {100, 500, 900}) {
            QCOMPARE(last->valuesNear(SimTime::fromMillis(ms)),
                     reference.valuesNear(SimTime::fromMillis(ms)));
        }
        QCOMPARE(last->cursorTime(), controller.cursor());
    }

    void aLatencyChartWithNothingProcessedSaysSo() {
        Fixture f;
        QVERIFY(test::openAndFinish(f.controller,
                                    QStringLiteral("scenarios/retry-queue-backoff.json")));
        // Nobody consumes from the delay queue: its messages expire back to the main queue.
        MetricChart* delay = f.view.chart(QStringLiteral("shipping.delay"), MetricFamily::Latency);
        QCOMPARE(delay->curve(0).points().size(), 0);
        QVERIFY(delay->showsEmptyNote());
        MetricChart* orders =
            f.view.chart(QStringLiteral("shipping.orders"), MetricFamily::Latency);
        QVERIFY(orders->curve(0).points().size() > 0);
        QVERIFY(!orders->showsEmptyNote());
    }

    void samplesTakenOneByOneDrawWhatTheyDrawAllAtOnce() {
        SessionController controller;
        QVERIFY(test::openAndFinish(controller,
                                    QStringLiteral("scenarios/undetected-consumer-hang.json")));
        const std::vector<MetricsSample>& samples = controller.data().samples();
        for (const MetricFamily family : kMetricFamilies) {
            // Narrow: several samples per pixel column, so open buckets change between flushes.
            MetricChart oneByOne(family, 0);
            MetricChart allAtOnce(family, 0);
            for (MetricChart* chart : {&oneByOne, &allAtOnce}) {
                chart->resize(200, 150);
                chart->show();
                chart->reset(controller.end());
            }
            QVERIFY(oneByOne.chart()->plotArea().width() * 2 < static_cast<double>(samples.size()));
            for (const MetricsSample& sample : samples) {
                oneByOne.addSample(sample);
                oneByOne.flush();
                allAtOnce.addSample(sample);
            }
            allAtOnce.flush();
            for (int c = 0; c < oneByOne.curveCount(); ++c) {
                QVERIFY(!oneByOne.curve(c).points().isEmpty());
                QCOMPARE(oneByOne.curve(c).points(), allAtOnce.curve(c).points());
                QCOMPARE(oneByOne.curve(c).segmentCount(), allAtOnce.curve(c).segmentCount());
            }
        }
    }

    void latencyBreaksWhereNothingWasProcessed() {
        Fixture f;
        QVERIFY(test::openAndFinish(f.controller,
                                    QStringLiteral("scenarios/broker-restart-durability.json")));
        MetricChart* latency = f.view.chart(QStringLiteral("notifications"), MetricFamily::Latency);
        const ChartCurve& p50 = latency->curve(0);
        // The broker is down for a while: nothing is processed, and no line crosses that time.
        QVERIFY(p50.segmentCount() >= 2);
        std::size_t idle = 0;
        for (const MetricsSample& s : f.controller.data().samples()) {
            if (s.queues[latency->queue()].processed != 0) {
                continue;
            }
            ++idle;
            for (const QLineSeries* stretch : p50.series()) {
                const QList<QPointF> points = stretch->points();
                const double t = s.time.seconds();
                QVERIFY2(t < points.front().x() || t > points.back().x(),
                         qPrintable(QStringLiteral("a line crosses %1 s").arg(t)));
            }
        }
        QVERIFY(idle > 0);
    }

    void axisLabelsAreRoundAndShort() {
        const auto labels = [](const std::vector<Tick>& ticks) {
            QStringList out;
            for (const Tick& t : ticks) {
                out.append(t.label);
            }
            return out.join(QStringLiteral(", "));
        };
        QCOMPARE(labels(ticksUpTo(360, 4, TickKind::Seconds)),
                 QStringLiteral("0, 2 min, 4 min, 6 min"));
        QCOMPARE(labels(ticksUpTo(10, 5, TickKind::Seconds)),
                 QStringLiteral("0, 2 s, 4 s, 6 s, 8 s, 10 s"));
        QCOMPARE(labels(ticksUpTo(0.045, 3, TickKind::Seconds)),
                 QStringLiteral("0, 20 ms, 40 ms, 60 ms"));
        QCOMPARE(labels(ticksUpTo(1200, 3, TickKind::Count)), QStringLiteral("0, 500, 1k, 1.5k"));
        QCOMPARE(labels(ticksUpTo(0.8, 3, TickKind::Count)), QStringLiteral("0, 1"));
        QCOMPARE(labels(ticksUpTo(1.5, 3, TickKind::Rate)), QStringLiteral("0, 0.5, 1, 1.5"));
    }

    void timeLabelsDoNotOverlapInANarrowDock() {
        Fixture f(1000);
        QVERIFY(test::openAndFinish(f.controller,
                                    QStringLiteral("scenarios/undetected-consumer-hang.json")));
        const MetricChart* chart =
            f.view.chart(QStringLiteral("payments.capture"), MetricFamily::Rates);
        QCategoryAxis* axis = chart->timeAxis();
        const QFontMetrics fm(axis->labelsFont());
        const QStringList labels = axis->categoriesLabels();
        QVERIFY(labels.size() >= 3);
        const double pixelsPerSecond = chart->chart()->plotArea().width() / axis->max();
        for (qsizetype i = 1; i < labels.size(); ++i) {
            const double gap =
                (axis->endValue(labels[i]) - axis->endValue(labels[i - 1])) * pixelsPerSecond;
            const double needed =
                (fm.horizontalAdvance(labels[i]) + fm.horizontalAdvance(labels[i - 1])) / 2.0 + 4;
            QVERIFY2(gap >= needed, qPrintable(labels.join(QStringLiteral(", "))));
        }
    }

    void itShowsAHintWithoutASession() {
        SessionController controller;
        MetricsView view(controller);
        view.resize(800, 400);
        QVERIFY(view.chart(QStringLiteral("any"), MetricFamily::Depth) == nullptr);
        QVERIFY(!view.grab().isNull());
    }
};

EVSIM_GUI_TEST(MetricsViewTest, "metrics_view")
#include "metrics_view_test.moc"
