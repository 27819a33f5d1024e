#pragma once

#include "harness/contracts/contract_report.h"
#include "simulator/scenario/scenario.h"

#include <QWidget>

class QComboBox;
class QLabel;
class QTableWidget;

namespace evsim::gui {

class SessionController;

// The producer-consumer contracts of the scenario as it is now, edits included (the app's
// `evsim contracts`): for one event type at a time, a matrix of the versions written (rows) ×
// the consumers' code and the version it reads with (columns). A cell says whether the reader
// reads that version, and if not, why; a pair the scenario's traffic never brings together is
// greyed. Above it, the verdict over every event type and what the registry's compatibility
// mode refuses.
class ContractsView : public QWidget {
    Q_OBJECT
public:
    explicit ContractsView(SessionController& controller, QWidget* parent = nullptr);

    // For tests: choose an event type by name; the verdict line; the matrix.
    void showEventType(const QString& eventType);
    QString verdict() const;
    QTableWidget& matrix() { return *m_matrix; }

protected:
    void changeEvent(QEvent* event) override; // the colours follow the theme

private:
    void recheck();
    void showVerdict();
    void showMatrix();
    void showCellWhy(int row, int column);

    SessionController& m_controller;
    Scenario m_scenario; // what the report's schema pointers point into
    ContractReport m_report;
    QLabel* m_verdict = nullptr;
    QWidget* m_chooser = nullptr; // the event type and the registry's verdict
    QComboBox* m_eventType = nullptr;
    QLabel* m_registry = nullptr;
    QTableWidget* m_matrix = nullptr;
    QLabel* m_why = nullptr;
};

} // namespace evsim::gui
