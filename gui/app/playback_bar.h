#pragma once

#include <QToolBar>

class QAction;
class QComboBox;
class QLabel;

namespace evsim::gui {

class SessionController;

// The playback toolbar: go to start, step back, play/pause, step forward, the speed, and the
// virtual time at the cursor. The Run menu shares its play action and speed steps.
class PlaybackBar : public QToolBar {
    Q_OBJECT
public:
    PlaybackBar(SessionController& controller, QWidget* parent);

    // Play or pause (Space); its icon and text follow the controller.
    QAction* playAction() const { return m_play; }
    // One speed preset faster (step > 0) or slower, within "0.01×" to "10000×".
    void stepSpeed(int step);
    void realTime();

protected:
    // A theme switch redraws the icons in the new text colour.
    void changeEvent(QEvent* event) override;

private:
    void drawIcons();

    SessionController& m_controller;
    QAction* m_goToStart = nullptr;
    QAction* m_stepBack = nullptr;
    QAction* m_play = nullptr;
    QAction* m_stepForward = nullptr;
    QComboBox* m_speed = nullptr;
    QLabel* m_time = nullptr;
};

} // namespace evsim::gui
