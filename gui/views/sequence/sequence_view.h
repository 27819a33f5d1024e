#pragma once

#include <QWidget>

class QComboBox;

namespace evsim::gui {

class SequenceCanvas;
class SessionController;

// The sequence view: a bar (group by event type or trace, show all messages, one event type or
// the selected trace, zoom) over the sequence diagram (SequenceCanvas). Clicking an arrow
// selects its message everywhere, clicking a lane's header collapses or expands it; a selected
// message is scrolled into view, and the diagram follows the time cursor when it leaves the window.
class SequenceView : public QWidget {
    Q_OBJECT
public:
    explicit SequenceView(SessionController& controller, QWidget* parent = nullptr);
    SequenceCanvas& canvas() { return *m_canvas; }

private:
    void fillEventTypes();
    void showSelection();
    void followCursor();

    SessionController& m_controller;
    SequenceCanvas* m_canvas = nullptr;
    QComboBox* m_grouping = nullptr;
    QComboBox* m_show = nullptr;
    std::size_t m_eventTypesListed = 0;
};

} // namespace evsim::gui
