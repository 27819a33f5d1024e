#include "gui/control/background_task.h"

#include <QEventLoop>
#include <QProgressDialog>
#include <QThread>
#include <QTimer>
#include <algorithm>
#include <memory>

namespace evsim::gui {

std::function<void(const RunProgress&)> TaskControl::follow() {
    return [this](const RunProgress& p) {
        if (p.end > SimTime::zero()) {
            const double done =
                static_cast<double>(p.now.nanos()) / static_cast<double>(p.end.nanos());
            permille = static_cast<int>(std::clamp(done, 0.0, 1.0) * 1000);
        }
    };
}

Status runInBackground(QWidget* parent, const QString& label, TaskControl& control,
                       const std::function<Status()>& work, int quietMs) {
    Status result = Status::done(); // replaced by what `work` returns
    // Set before the thread's finished signal, which quits the loop below: a loop entered
    // after `done` still gets that signal, and one entered before never waits for it in vain.
    std::atomic<bool> done{false};
    const std::unique_ptr<QThread> thread(QThread::create([&result, &work, &done] {
        result = work();
        done = true;
    }));
    QEventLoop loop;
    QObject::connect(thread.get(), &QThread::finished, &loop, &QEventLoop::quit);
    thread->start();
    if (quietMs > 0) {
        // Most saves end here, before a dialog would only flash. Clicks and keys wait, so
        // nothing changes the session while the task reads it.
        QTimer::singleShot(quietMs, &loop, &QEventLoop::quit);
        loop.exec(QEventLoop::ExcludeUserInputEvents);
    }
    if (!done) {
        QProgressDialog dialog(label, QObject::tr("Cancel"), 0, 1000, parent);
        dialog.setWindowModality(Qt::WindowModal);
        dialog.setMinimumDuration(0);
        dialog.setAutoReset(false);
        dialog.setAutoClose(false);
        QTimer tick;
        QObject::connect(&tick, &QTimer::timeout, &dialog,
                         [&control, &dialog] { dialog.setValue(control.permille.load()); });
        // Cancel (or Escape) hides the dialog; the task stops at its next check, within a
        // moment, and nothing it was writing is kept.
        QObject::connect(&dialog, &QProgressDialog::canceled, &dialog, [&control, &tick] {
            control.cancel = true;
            tick.stop();
        });
        tick.start(50);
        dialog.show();
        if (!done) {
            loop.exec();
        }
    }
    thread->wait();
    return result;
}

} // namespace evsim::gui
