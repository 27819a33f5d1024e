#pragma once

#include "harness/run/runner.h"
#include "simulator/kernel/status.h"

#include <QString>
#include <atomic>
#include <functional>

class QWidget;

namespace evsim::gui {

// What a task running on its own thread reports and obeys: how far it got, in thousandths,
// and whether the user asked it to stop.
struct TaskControl {
    std::atomic<int> permille{0};
    std::atomic<bool> cancel{false};

    // Progress of a run (RunOptions::progress) as this task's progress.
    std::function<void(const RunProgress&)> follow();
};

// Runs `work` on a thread of its own and returns what it returned, keeping the window painted
// meanwhile. A task done within `quietMs` shows nothing (input waits until then); a longer one
// shows a modal progress dialog, labelled `label`, whose Cancel sets `control.cancel`. Saving a
// recording or exporting events computes the whole run again: this keeps a long one from
// freezing the app, shows how far it is, and lets it be stopped.
Status runInBackground(QWidget* parent, const QString& label, TaskControl& control,
                       const std::function<Status()>& work, int quietMs = 300);

} // namespace evsim::gui
