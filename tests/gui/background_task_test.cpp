#include "gui/app/run_export.h"
#include "gui/control/background_task.h"
#include "gui/control/session_controller.h"
#include "tests/gui/gui_test_support.h"

#include <QDir>
#include <QFile>
#include <QProgressDialog>
#include <QPushButton>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>
#include <QTimer>
#include <functional>
#include <thread>

using namespace evsim;
using namespace evsim::gui;

namespace {

QByteArray contentsOf(const QString& path) {
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray("(unreadable)");
}

bool writeFile(const QString& path, const QByteArray& bytes) {
    QFile f(path);
    return f.open(QIODevice::WriteOnly) && f.write(bytes) == bytes.size();
}

} // namespace

using Write = std::function<Status(const Session&, const QString&, const std::atomic<bool>*)>;

// A write of hello-pubsub's run to `name`, cancelled before it starts, returns an error that
// says so and leaves the file there as it was, with no temporary file beside it.
void checkCancelledWriteKeepsTheFile(const QString& name, const QString& why, const Write& write) {
    SessionController controller;
    QVERIFY(test::openAndFinish(controller, QStringLiteral("scenarios/hello-pubsub.json")));
    QTemporaryDir dir;
    const QString path = dir.filePath(name);
    QVERIFY(writeFile(path, "what was there before\n"));
    const std::atomic<bool> cancel{true};
    const Status written = write(controller.session(), path, &cancel);
    QVERIFY(!written.ok());
    QVERIFY2(QString::fromStdString(written.why()).contains(why), written.why().c_str());
    QCOMPARE(contentsOf(path), QByteArray("what was there before\n"));
    QCOMPARE(QDir(dir.path()).entryList(QDir::Files), QStringList{name});
}

class BackgroundTaskTest : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void aTaskRunsOnItsOwnThreadAndItsResultComesBack() {
        QWidget window;
        TaskControl control;
        QThread* ranOn = nullptr;
        const Status result = runInBackground(&window, QStringLiteral("Working"), control, [&] {
            ranOn = QThread::currentThread();
            return Status::done();
        });
        QVERIFY(result.ok());
        QVERIFY(ranOn != nullptr);
        QVERIFY(ranOn != QThread::currentThread());
        QVERIFY(!control.cancel);
    }

    void cancelInTheProgressDialogStopsTheTask() {
        QWidget window;
        window.show();
        TaskControl control;
        bool sawDialog = false;
        // Once the dialog is up, the user presses its Cancel button.
        QTimer::singleShot(0, &window, [&] {
            auto* dialog = window.findChild<QProgressDialog*>();
            sawDialog = dialog != nullptr && dialog->isVisible() &&
                        dialog->labelText() == QStringLiteral("Saving big.evrec…");
            if (dialog != nullptr) {
                if (auto* cancel = dialog->findChild<QPushButton*>()) {
                    QTest::mouseClick(cancel, Qt::LeftButton);
                }
            }
        });
        const Status result = runInBackground(
            &window, QStringLiteral("Saving big.evrec…"), control,
            [&] {
                // A task that would run until stopped, as a long run does.
                while (!control.cancel) {
                    std::this_thread::yield();
                }
                return Status::refused("stopped");
            },
            0);
        QVERIFY(sawDialog);
        QVERIFY(control.cancel);
        QCOMPARE(result.why(), std::string("stopped"));
        QVERIFY(window.findChild<QProgressDialog*>() == nullptr);
    }

    void progressOfARunIsTheShareOfItsVirtualTime() {
        TaskControl control;
        const auto follow = control.follow();
        RunProgress p;
        p.end = SimTime::fromSeconds(12);
        p.now = SimTime::fromSeconds(3);
        follow(p);
        QCOMPARE(control.permille.load(), 250);
        p.now = p.end;
        follow(p);
        QCOMPARE(control.permille.load(), 1000);
    }

    void aCancelledRecordingLeavesTheFileAsItWas() {
        checkCancelledWriteKeepsTheFile(
            QStringLiteral("session.evrec"), QStringLiteral("was interrupted"),
            [](const Session& session, const QString& path, const std::atomic<bool>* cancel) {
                return SessionController::saveSession(session, path, {}, cancel);
            });
    }

    void aCancelledExportLeavesTheFileAsItWas() {
        checkCancelledWriteKeepsTheFile(
            QStringLiteral("events.jsonl"), QStringLiteral("nothing was written"),
            [](const Session& session, const QString& path, const std::atomic<bool>* cancel) {
                return exportEventsJsonl(session, path, ExportRun{{}, cancel});
            });
    }

    void aFollowedRecordingReportsItsProgress() {
        SessionController controller;
        QVERIFY(test::openAndFinish(controller, QStringLiteral("scenarios/hello-pubsub.json")));
        QTemporaryDir dir;
        TaskControl control;
        QVERIFY(SessionController::saveSession(controller.session(),
                                               dir.filePath(QStringLiteral("s.evrec")),
                                               control.follow(), &control.cancel)
                    .ok());
        QVERIFY(control.permille.load() > 0);
    }
};

EVSIM_GUI_TEST(BackgroundTaskTest, "background_task")
#include "background_task_test.moc"
