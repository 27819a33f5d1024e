#include "gui/control/session_controller.h"
#include "gui/views/timeline/timeline_widget.h"
#include "tests/gui/gui_test_support.h"

#include <QTest>

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
