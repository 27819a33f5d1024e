#pragma once

#include "gui/views/sequence/sequence_hops.h"
#include "gui/views/sequence/sequence_lanes.h"
#include "simulator/kernel/sim_time.h"

#include <QAbstractScrollArea>
#include <optional>

namespace evsim {
class RunData;
}

namespace evsim::gui {

class SessionController;

// The sequence diagram itself: lanes as columns (their headers stay at the top while the
// diagram scrolls), time flowing down at `pixelsPerSecond()`, an arrow per hop and marks for
// failures, drops and expiries, the time cursor as a horizontal line. Only the hops of the
// records in the visible time window are read and drawn (SequenceHops::forEach).
//
// Colour says the event type (or the trace, grouped by trace); shape says what happened:
// publishes and deliveries solid with a filled head, acks dotted, requeues dashed, dead-letters
// dashed with a diamond head, losses and drops a cross, failures a cross in a circle, expiries
// a hollow circle. The selected message's hops are drawn wide and the others faded.
// sequence_canvas_geometry.cpp holds where lanes, instants and hops are on screen.
class SequenceCanvas : public QAbstractScrollArea {
    Q_OBJECT
public:
    enum class Grouping { EventType, Trace };

    explicit SequenceCanvas(SessionController& controller, QWidget* parent = nullptr);
    const SessionController& controller() const { return m_controller; }

    // Takes in the records the run gained; restart() starts over (a new run).
    void refresh();
    void restart(bool keepZoom);

    double pixelsPerSecond() const { return m_pixelsPerSecond; }
    // Sets the scale, keeping the instant at viewport y `anchorY` where it is.
    void setPixelsPerSecond(double pixels, double anchorY);
    void zoomBy(double factor);
    void setGrouping(Grouping grouping);
    Grouping grouping() const { return m_grouping; }
    // Shows only messages of one event type (0: all) or of the selected message's trace.
    void setOnlyEventType(int eventType);
    void setOnlySelectedTrace(bool only);

    // Geometry in viewport coordinates.
    int headerHeight() const;
    int gutterWidth() const;
    double tickStep() const;  // seconds between the gutter's ticks
    double laneWidth() const; // of an expanded lane
    double laneWidth(int lane) const;
    double laneX(int lane) const; // its centre
    // A collapsed lane is a narrow column (its hops still end there); a click on its header
    // toggles it.
    bool collapsed(int lane) const;
    int laneAt(double x) const; // -1 for none
    void setCollapsed(int lane, bool collapsed);
    double yOf(SimTime t) const;
    SimTime timeAt(double y) const;
    // The time window the viewport shows.
    std::pair<SimTime, SimTime> visibleWindow() const;
    void scrollToTime(SimTime t, double fraction = 0.3);
    const SequenceLanes& lanes() const { return m_lanes; }

    // The hop whose arrow or mark is nearest `point` (within a few pixels), if any.
    std::optional<Hop> hopAt(QPointF point) const;
    // What a hop's tooltip says: the message, the record, where, and why when the record says.
    QString hopText(const Hop& hop) const;
    // Whether any hop of `message` is in the visible window.
    bool showsMessage(std::uint32_t message) const;
    // Where a hop's arrow is drawn (a point for a mark); nullopt when it has no lane.
    std::optional<QLineF> hopLine(const Hop& hop) const;

    // What the last paint did: hops drawn, those of the selected message, records read.
    std::size_t paintedArrows() const { return m_paintedArrows; }
    std::size_t paintedSelected() const { return m_paintedSelected; }
    std::size_t visitedRecords() const { return m_visitedRecords; }

protected:
    void paintEvent(QPaintEvent* event) override;
    void resizeEvent(QResizeEvent* event) override;
    void wheelEvent(QWheelEvent* event) override;
    void mousePressEvent(QMouseEvent* event) override;
    void contextMenuEvent(QContextMenuEvent* event) override;
    void scrollContentsBy(int dx, int dy) override;
    bool viewportEvent(QEvent* event) override;

private:
    static constexpr double kTopPad = 12; // above the first instant

    void updateScrollBars();
    void chooseDefaultZoom();
    bool shows(const Hop& hop) const;
    QColor colourOf(std::uint32_t message) const;
    std::uint32_t selectedMessage() const;
    double contentHeight() const;

    SessionController& m_controller;
    const RunData& m_data;
    SequenceLanes m_lanes;
    SequenceHops m_hops;
    double m_pixelsPerSecond = 100;
    bool m_userZoomed = false;
    Grouping m_grouping = Grouping::EventType;
    int m_onlyEventType = 0;
    bool m_onlySelectedTrace = false;
    std::vector<std::uint8_t> m_collapsed; // by entity id, so it outlives a rebuild of the lanes
    // Where each lane starts (after the gutter, before scrolling) and how wide an unfolded one
    // is, summed once per change of the lanes, their folds or the sizes they depend on, not on
    // every call: with a thousand lanes, summing on each call made a frame quadratic.
    struct Columns {
        std::vector<double> left;
        double expanded = 0;
        int gutter = 0;
        // What they were computed for.
        int width = -1;
        int height = -1;
        double pixelsPerSecond = 0;
        bool valid = false;
    };
    const Columns& columns() const;
    mutable Columns m_columns;
    std::size_t m_paintedArrows = 0;
    std::size_t m_paintedSelected = 0;
    std::size_t m_visitedRecords = 0;
};

} // namespace evsim::gui
