#pragma once

#include <QWidget>
#include <cstdint>

class QComboBox;
class QLabel;
class QLineEdit;
class QTableView;

namespace evsim::gui {

class SessionController;
class TraceFilterModel;
class TracesModel;
class WaterfallWidget;

// The traces view: the run's traces in a table (root event, services, spans, duration,
// status) with filters by event type, status and minimum duration, over the waterfall of the
// selected trace. Selecting a trace selects its root message everywhere; selecting a message
// anywhere selects its trace here and emphasises that message's rows in the waterfall.
class TracesView : public QWidget {
    Q_OBJECT
public:
    explicit TracesView(SessionController& controller, QWidget* parent = nullptr);

    TracesModel& model() { return *m_model; }
    TraceFilterModel& filterModel() { return *m_filter; }
    QTableView& table() { return *m_table; }
    WaterfallWidget& waterfall() { return *m_waterfall; }
    // The root of the trace shown in the waterfall (0: none).
    std::uint32_t shownTrace() const { return m_shown; }

    // The filter bar's fields, for the menu and tests: an event type index (0: any), a status
    // (TraceFilterModel::StatusFilter) and a minimum duration such as "50ms" ("" for none).
    void setEventTypeFilter(int eventType);
    void setStatusFilter(int status);
    void setMinDurationFilter(const QString& text);

protected:
    // Catches up with what arrived while hidden behind another tab.
    void showEvent(QShowEvent* event) override;

private:
    void restart();
    void refresh();
    void fillEventTypes();
    void showSelection();
    void showTrace(std::uint32_t root);
    void updateCount();

    SessionController& m_controller;
    TracesModel* m_model = nullptr;
    TraceFilterModel* m_filter = nullptr;
    QComboBox* m_eventType = nullptr;
    QComboBox* m_status = nullptr;
    QLineEdit* m_minDuration = nullptr;
    QLabel* m_count = nullptr;
    QTableView* m_table = nullptr;
    WaterfallWidget* m_waterfall = nullptr;
    std::uint32_t m_shown = 0;
    std::size_t m_shownLastRecord = 0;
    bool m_behind = false; // refreshed while hidden behind another tab: the table lags
    std::size_t m_eventTypesListed = 0;
};

} // namespace evsim::gui
