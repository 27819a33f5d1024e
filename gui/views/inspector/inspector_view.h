#pragma once

#include <QWidget>

class QLabel;
class QPlainTextEdit;
class QStackedWidget;
class QTableView;

namespace evsim::gui {

class MessageHistoryModel;
class SessionController;

// What is selected, in full. A message: its CloudEvents envelope (with traceparent, headers
// and the pretty-printed body) and its delivery history, every record of it with its time -
// clicking one moves the cursor there. An entity (a queue, an instance, a consumer): what it is
// and its state at the time cursor.
class InspectorView : public QWidget {
    Q_OBJECT
public:
    explicit InspectorView(SessionController& controller, QWidget* parent = nullptr);

    QString title() const;
    QString envelopeText() const;
    const MessageHistoryModel& history() const { return *m_history; }

private:
    void showSelection();
    void showMessage(std::uint32_t id);
    void showEntity(std::uint32_t id);
    void refreshEntityState();

    SessionController& m_controller;
    QLabel* m_title = nullptr;
    QStackedWidget* m_pages = nullptr;
    QLabel* m_hint = nullptr;
    QPlainTextEdit* m_envelope = nullptr;
    QTableView* m_historyTable = nullptr;
    MessageHistoryModel* m_history = nullptr;
    QLabel* m_entityState = nullptr;
};

} // namespace evsim::gui
