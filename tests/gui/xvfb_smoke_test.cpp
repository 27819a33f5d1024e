#include "gui/app/main_window.h"
#include "gui/control/session_controller.h"
#include "tests/gui/gui_test_support.h"

#include <QGuiApplication>
#include <QStandardPaths>
#include <QTest>

using namespace evsim;
using namespace evsim::gui;

// On a real X server (xvfb-run): the app opens the default scenario, plays it to the end at
// full speed and quits cleanly.
class XvfbSmokeTest : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void opensPlaysAndQuits() {
        QStandardPaths::setTestModeEnabled(true);
        QCOMPARE(QGuiApplication::platformName(), QStringLiteral("xcb"));
        SessionController controller;
        MainWindow window(controller);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        QVERIFY(window.openFile(test::sourcePath(QStringLiteral("scenarios/hello-pubsub.json"))));
        controller.setSpeed(0);
        controller.play();
        QTRY_VERIFY_WITH_TIMEOUT(
            controller.data().finished() && controller.cursor() == controller.end(), 60'000);
        QVERIFY(window.close());
        QVERIFY(!window.isVisible());
    }
};

EVSIM_GUI_TEST(XvfbSmokeTest, "xvfb_smoke")
#include "xvfb_smoke_test.moc"
