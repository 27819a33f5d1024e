#pragma once

#include <QWidget>

class QPushButton;
class QTableView;

namespace evsim::gui {

class InterventionsModel;
class SessionController;

// The session's interventions: those of the scenario file and those added live (from the
// canvas's context menus or the Inject menu). Added ones can be removed or moved to another
// time; the run is computed again either way. Clicking one moves the cursor to it.
class InterventionsView : public QWidget {
    Q_OBJECT
public:
    explicit InterventionsView(SessionController& controller, QWidget* parent = nullptr);
    InterventionsModel& model() { return *m_model; }
    QTableView& table() { return *m_table; }

    void removeSelected();
    void moveSelectedToCursor();
    void moveSelectedTo(); // asks for a time

private:
    int selectedAdded() const;
    void updateButtons();

    SessionController& m_controller;
    InterventionsModel* m_model = nullptr;
    QTableView* m_table = nullptr;
    QPushButton* m_remove = nullptr;
    QPushButton* m_move = nullptr;
};

} // namespace evsim::gui
