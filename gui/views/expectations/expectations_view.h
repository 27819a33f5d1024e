#pragma once

#include <QWidget>

class QLabel;
class QPlainTextEdit;
class QTableView;

namespace evsim::gui {

class ExpectationsModel;
class SessionController;

// The run's verdict without the CLI: each expectation passed or failed with `evsim run`'s own
// text (clicking a failure selects its first example message), and below it the CLI's whole
// report - tables, interventions, alerts, digest.
class ExpectationsView : public QWidget {
    Q_OBJECT
public:
    explicit ExpectationsView(SessionController& controller, QWidget* parent = nullptr);
    const ExpectationsModel& model() const { return *m_model; }
    QString reportText() const;

protected:
    // The headline's colour is made readable on the palette in use.
    void changeEvent(QEvent* event) override;

private:
    void refresh();
    // The verdict over the table, in the colour of its outcome.
    void showHeadline();

    SessionController& m_controller;
    ExpectationsModel* m_model = nullptr;
    QLabel* m_headline = nullptr;
    QTableView* m_table = nullptr;
    QPlainTextEdit* m_report = nullptr;
};

} // namespace evsim::gui
