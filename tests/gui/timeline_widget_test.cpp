#include "gui/control/session_controller.h"
#include "gui/views/time_ticks.h"
#include "gui/views/timeline/timeline_widget.h"
#include "tests/gui/gui_test_support.h"

#include <QTest>
#include <cmath>

using namespace evsim;
using namespace evsim::gui;

class TimelineWidgetTest : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void ticksAreLabelledAtRoundValuesWithTheStartAsZero() {
        QCOMPARE(TimelineWidget::tickLabel(0, 0.5), QStringLiteral("0"));
        QCOMPARE(TimelineWidget::tickLabel(0.5, 0.5), QStringLiteral("500ms"));
        QCOMPARE(TimelineWidget::tickLabel(60, 60), QStringLiteral("1m"));
        QCOMPARE(TimelineWidget::tickLabel(120, 60), QStringLiteral("2m"));
        QCOMPARE(TimelineWidget::tickLabel(7200, 3600), QStringLiteral("2h"));
        // Ticks 20 s apart stay in seconds: 60 s among 40 s and 80 s is not "1m".
        QCOMPARE(TimelineWidget::tickLabel(60, 20), QStringLiteral("60s"));
        QCOMPARE(TimelineWidget::tickLabel(4800, 1200), QStringLiteral("1h20m"));
    }

    // A long run's ticks land on round minutes and hours: a 2-hour run across 900 px is ticked
    // every 15 minutes (a step of 1, 2 or 5 times a power of ten would be 1,000 s: "16.7m").
    void aLongRunIsTickedAtRoundMinutes() {
        QCOMPARE(niceTickStep(7200, 900, 90), 900.0);
        QCOMPARE(niceTickStep(3600, 900, 90), 600.0);
        QCOMPARE(niceTickStep(120, 900, 90), 15.0);
        QCOMPARE(niceTickStep(10, 900, 90), 1.0); // short spans keep 1, 2, 5
        QCOMPARE(niceTickStep(6 * 86400.0, 900, 90), 86400.0);
        QCOMPARE(niceTickStep(30 * 86400.0, 900, 90), 5 * 86400.0);
        for (const double span : {600.0, 3600.0, 7200.0, 36000.0}) {
            const double step = niceTickStep(span, 900, 90);
            QCOMPARE(std::fmod(step, 60.0), 0.0);
        }
    }

    void aClickMovesTheCursorAlongTheRun() {
        SessionController controller;
        TimelineWidget timeline(controller);
        timeline.resize(1000, 64);
        timeline.show();
        QVERIFY(test::openAndFinish(controller, QStringLiteral("scenarios/hello-pubsub.json")));
        QTest::mouseClick(&timeline, Qt::LeftButton, {}, QPoint(200, 30));
        const SimTime early = controller.cursor();
        QTest::mouseClick(&timeline, Qt::LeftButton, {}, QPoint(800, 30));
        const SimTime late = controller.cursor();
        QVERIFY(early > SimTime::zero());
        QVERIFY(late > early);
        QVERIFY(late < controller.end());
    }

    void itPaintsWithoutARun() {
        SessionController controller;
        TimelineWidget timeline(controller);
        timeline.resize(600, 64);
        QVERIFY(!timeline.grab().isNull());
    }
};

EVSIM_GUI_TEST(TimelineWidgetTest, "timeline_widget")
#include "timeline_widget_test.moc"
