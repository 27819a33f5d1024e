#pragma once

#include <QChartView>
#include <QString>

class QLineSeries;
class QCategoryAxis;
class QValueAxis;

namespace evsim {
class RunData;
}

namespace evsim::gui {

// One queue's depth (ready + unacknowledged) over virtual time in two runs, overlaid: run A
// solid, run B dashed, on one pair of axes, so where the runs part is where the lines do.
class DepthOverlay : public QChartView {
    Q_OBJECT
public:
    explicit DepthOverlay(QWidget* parent = nullptr);

    // Draws `queue` of both runs (a run without that queue draws no line).
    void show(const RunData& a, const RunData& b, const QString& queue);
    void clear();
    // Colours from the current palette (after a theme change).
    void applyTheme();

    const QLineSeries& seriesA() const { return *m_a; }
    const QLineSeries& seriesB() const { return *m_b; }
    QCategoryAxis& timeAxis() const { return *m_time; }

private:
    QLineSeries* m_a = nullptr;
    QLineSeries* m_b = nullptr;
    QCategoryAxis* m_time = nullptr;
    QValueAxis* m_depth = nullptr;
};

} // namespace evsim::gui
