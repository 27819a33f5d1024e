#pragma once

#include "gui/views/sequence/sequence_hops.h"

#include <QColor>
#include <QFont>
#include <QLineF>
#include <QPalette>
#include <QString>
#include <vector>

class QPainter;

namespace evsim::gui {

// Draws the hops of one paint of the sequence diagram, in the shapes its legend names:
// publishes, routes and deliveries solid with a filled head (a ring at the start of a
// redelivery), acks dotted with an open head, requeues dashed, dead-letters dashed with a
// diamond head, losses dashed ending in a cross, failures a cross in a circle, drops a bold
// cross, expiries a hollow circle - failures in the error colour, so that shape and colour both
// tell. Labels (the event type of a publish, what went wrong) are left out where they would
// overlap the lane's previous label.
class HopPainter {
public:
    HopPainter(QPainter& painter, const QFont& font, const QPalette& palette, int lanes);

    // `lane` is the lane of hop.from; a selected hop is drawn wide over a halo, a faded one
    // (another message is selected) light.
    void draw(const Hop& hop, const QLineF& line, int lane, const QColor& colour, bool selected,
              bool faded, const QString& eventName);
    // The label beside a failure mark: "failed", or "failed: schema mismatch" for an event the
    // consumer could not read (the fix is a deploy, not a retry).
    static QString failedLabel(const Hop& hop);

private:
    QPainter& m_painter;
    QFont m_font;
    QFont m_small;
    QColor m_highlight;
    QColor m_base;
    std::vector<double> m_lastLabelY; // by lane
    std::vector<QString> m_lastLabel; // by lane
};

} // namespace evsim::gui
