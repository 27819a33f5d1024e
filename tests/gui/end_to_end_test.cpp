#include "gui/app/main_window.h"
#include "gui/control/inject_menu.h"
#include "gui/control/session_controller.h"
#include "gui/models/event_log_model.h"
#include "gui/models/message_history_model.h"
#include "gui/views/inspector/inspector_view.h"
#include "gui/views/log/log_view.h"
#include "tests/gui/gui_test_support.h"

#include <QMenu>
#include <QProcess>
#include <QRegularExpression>
#include <QStandardPaths>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>

using namespace evsim;
using namespace evsim::gui;

// The whole app as a user drives it: open a bundled scenario, play to 5 s, select a message in
// the log and read it in the inspector, crash a consumer through the menu the canvas offers,
// play to the end, save the session, and check that `evsim run` on the saved file gives the
// digest the app shows.
class EndToEndTest : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }

    void openPlayInspectInjectSaveAndReplay() {
        SessionController controller;
        MainWindow window(controller);
        window.resize(1400, 900);
        window.show();
        QVERIFY(window.openFile(test::sourcePath(QStringLiteral("scenarios/hello-pubsub.json"))));

        // Play to 5 s, fast.
        controller.setSpeed(10);
        controller.play();
        QTRY_VERIFY_WITH_TIMEOUT(controller.cursor() >= SimTime::fromSeconds(5), 60'000);
        controller.pause();
        QVERIFY(!controller.playing());

        // Select a message: a row of the log.
        auto* log = qobject_cast<LogView*>(window.viewWidget(QStringLiteral("log")));
        QVERIFY(log != nullptr);
        window.showView(QStringLiteral("log"));
        log->setFilter(QStringLiteral("kind:published"));
        QTRY_VERIFY(log->model().rowCount() > 10);
        const QRect row = log->table().visualRect(log->model().index(3, EventLogModel::Message));
        QTest::mouseClick(log->table().viewport(), Qt::LeftButton, {}, row.center());
        const std::uint32_t message = controller.selection().id;
        QVERIFY(message != 0);
        auto* inspector =
            qobject_cast<InspectorView*>(window.viewWidget(QStringLiteral("inspector")));
        QVERIFY(inspector != nullptr);
        QVERIFY(inspector->title().startsWith(QStringLiteral("msg-%1").arg(message)));
        QVERIFY(inspector->envelopeText().contains(QStringLiteral("traceparent")));
        QVERIFY(inspector->history().rowCount() > 3);

        // Inject: the context menu of the billing instance, "Crash (stays down)".
        const SimTime at = controller.cursor();
        const EntityId billing =
            controller.data().entities().find(EntityKind::Instance, "billing#0");
        QMenu menu;
        QVERIFY(fillInjectMenu(menu, controller, billing, &window) > 0);
        QAction* crash = nullptr;
        for (QAction* a : menu.actions()) {
            if (a->text() == QStringLiteral("Crash (stays down)")) {
                crash = a;
            }
        }
        QVERIFY(crash != nullptr);
        crash->trigger();
        QCOMPARE(controller.session().added().size(), std::size_t{1});
        QCOMPARE(controller.session().added()[0].at, at);

        // Play to the end.
        controller.setSpeed(0);
        controller.play();
        QTRY_VERIFY_WITH_TIMEOUT(
            controller.data().finished() && controller.cursor() == controller.end(), 60'000);
        const QString digest = QString::fromStdString(formatDigest(controller.data().digest()));
        QVERIFY(digest != QStringLiteral("51fe516dc7a660ce")); // the crash changed the run

        // Save the session and replay it with the CLI.
        QTemporaryDir dir;
        const QString saved = dir.filePath(QStringLiteral("session.json"));
        QVERIFY(controller.saveSessionAs(saved).ok());
        QProcess evsim;
        evsim.start(QStringLiteral(EVSIM_CLI), {QStringLiteral("run"), saved});
        QVERIFY(evsim.waitForFinished(120'000));
        const QString out = QString::fromUtf8(evsim.readAllStandardOutput());
        const QRegularExpressionMatch m =
            QRegularExpression(QStringLiteral("digest: ([0-9a-f]{16})")).match(out);
        QVERIFY2(m.hasMatch(), qPrintable(out));
        QCOMPARE(m.captured(1), digest);
    }
};

EVSIM_GUI_TEST(EndToEndTest, "end_to_end")
#include "end_to_end_test.moc"
