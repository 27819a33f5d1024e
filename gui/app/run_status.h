#pragma once

#include <QObject>
#include <cstddef>

class QLabel;
class QProgressBar;
class QStatusBar;
class QToolButton;

namespace evsim::gui {

class SessionController;

// What the status bar says about the run: records and alerts so far, the computation's
// progress with a button to stop it, and, once the run is complete, the expectations passed
// and the seed and digest (selectable, to paste into `evsim replay`).
class RunStatus : public QObject {
    Q_OBJECT
public:
    // Adds its widgets to `bar` and follows `controller` from now on.
    RunStatus(SessionController& controller, QStatusBar& bar);

    void update();

protected:
    // A theme switch: the coloured texts are made readable on the new palette.
    bool eventFilter(QObject* watched, QEvent* event) override;

private:
    SessionController& m_controller;
    QLabel* m_run = nullptr;
    QProgressBar* m_progress = nullptr;
    QToolButton* m_cancel = nullptr;
    QLabel* m_expectations = nullptr;
    QLabel* m_digest = nullptr;
    // Alerts raised among the first m_counted records (counted as records arrive).
    std::size_t m_counted = 0;
    std::size_t m_alerts = 0;
};

} // namespace evsim::gui
