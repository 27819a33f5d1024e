#pragma once

#include "harness/session/run_data.h"
#include "harness/session/session.h"

#include <QWidget>
#include <memory>
#include <optional>

class QCheckBox;
class QLabel;
class QPushButton;
class QSpinBox;
class QTabWidget;
class QTableView;
class QTableWidget;

namespace evsim::gui {

class ComparisonModel;
class DepthOverlay;
class SessionController;

// This run (A) beside another (B): the same session with another seed, or another scenario or
// recording. Shows both digests, the first record where the runs part - a few records of each
// run around it, a button that selects it in the log and the sequence view and one that opens
// B with every view in a window of its own - every queue's and consumer's figures with their
// differences, and the depth of the chosen queue in both runs overlaid. B is computed in the
// background; when A is computed again (an intervention added, a value edited), the comparison
// follows.
class CompareView : public QWidget {
    Q_OBJECT
public:
    explicit CompareView(SessionController& controller, QWidget* parent = nullptr);
    ~CompareView() override;

    // Computes B as this session with `seed`; "" or why it could not.
    QString compareWithSeed(std::uint64_t seed);
    // Computes B from a scenario or recording file; "" or why it could not.
    QString compareWithFile(const QString& path);

    bool hasOther() const { return m_other != nullptr; }
    const ComparisonModel& model() const { return *m_model; }
    const DepthOverlay& overlay() const { return *m_overlay; }
    const QTableWidget& partingRecords() const { return *m_parting; }
    // Moves the cursor to the first record that differs and selects it; false when none does.
    bool showFirstDifference();
    // Run B's session (nullptr before there is one) and its name, for a window of its own.
    const Session* otherSession() const { return m_otherSession ? &*m_otherSession : nullptr; }
    const QString& otherName() const { return m_otherName; }
    // The first record that differs, once both runs are there and one does.
    std::optional<std::size_t> firstDifference() const;

Q_SIGNALS:
    // "Open B in a Window": the main window opens otherSession() beside this one.
    void openOtherRequested();

protected:
    void changeEvent(QEvent* event) override;

private:
    // Computes B from `session` off the GUI thread, named `what` ("seed 2", "other.json").
    QString computeOther(Session session, const QString& what);
    void refresh();
    void showParting();
    void showSelectedQueue();

    SessionController& m_controller;
    std::unique_ptr<RunData> m_other;
    std::optional<Session> m_otherSession;
    QString m_otherName;
    QString m_sessionPath; // of the session B was computed beside
    QSpinBox* m_seed = nullptr;
    QPushButton* m_runSeed = nullptr;
    QPushButton* m_openFile = nullptr;
    QLabel* m_summary = nullptr;
    QTabWidget* m_tabs = nullptr;
    QTableWidget* m_parting = nullptr;
    QPushButton* m_showParting = nullptr;
    QPushButton* m_openOther = nullptr;
    QCheckBox* m_onlyDifferences = nullptr;
    ComparisonModel* m_model = nullptr;
    QTableView* m_table = nullptr;
    DepthOverlay* m_overlay = nullptr;
};

} // namespace evsim::gui
