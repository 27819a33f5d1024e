#pragma once

#include <QWidget>

class QCheckBox;
class QLineEdit;
class QTableView;

namespace evsim::gui {

class EventLogModel;
class SessionController;

// The event log: every record of the run in a table that scrolls a million rows smoothly,
// with a filter bar (msg:, trace:, entity:, kind: and free text). Clicking a record moves the
// time cursor there and selects its message everywhere; while "follow" is on, the table keeps
// the cursor's record in view as the run plays.
class LogView : public QWidget {
    Q_OBJECT
public:
    explicit LogView(SessionController& controller, QWidget* parent = nullptr);
    EventLogModel& model() { return *m_model; }
    QTableView& table() { return *m_table; }
    void setFilter(const QString& text);

protected:
    // Catches up with what arrived while hidden behind another tab.
    void showEvent(QShowEvent* event) override;

private:
    // Takes in the records that arrived (now, or when next shown if behind another tab).
    void takeNewRecords();
    // Column widths for what the run can show (times, ids, entity names).
    void fitColumns();
    void followCursor();
    void showSelection();

    SessionController& m_controller;
    EventLogModel* m_model = nullptr;
    QLineEdit* m_filter = nullptr;
    QCheckBox* m_follow = nullptr;
    QTableView* m_table = nullptr;
    std::size_t m_fittedEntities = 0;
    bool m_behind = false; // records arrived while hidden behind another tab // entities known when
                           // the columns were last fitted
};

} // namespace evsim::gui
