#pragma once

#include "simulator/kernel/sim_time.h"

class QPainter;

namespace evsim::gui {

class SequenceCanvas;

// What the sequence diagram draws around its hops, from the canvas's geometry: under them the
// time grid, the lanes' lines and a tinted band behind the broker's lanes; over them the time
// gutter on the left (ticks and the cursor's time) and the lane headers at the top (kind and
// name; a collapsed lane shows its initial). Gutter and headers are painted in viewport
// coordinates, so they stay in place while the diagram scrolls.
class SequenceFrame {
public:
    SequenceFrame(const SequenceCanvas& canvas, SimTime cursor)
        : m_canvas(canvas), m_cursor(cursor) {}

    void paintBody(QPainter& p, SimTime from, SimTime to) const;
    void paintGutter(QPainter& p, SimTime from, SimTime to) const;
    void paintHeader(QPainter& p) const;

private:
    const SequenceCanvas& m_canvas;
    SimTime m_cursor;
};

} // namespace evsim::gui
