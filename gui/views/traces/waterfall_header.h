#pragma once

class QPainter;

namespace evsim::gui {

class WaterfallWidget;

// The top of a trace's waterfall: the trace id, the root and the trace's size and duration, a
// legend of the marks and bars, and the time axis (offsets from the trace's start) with a light
// grid down through the rows. Painted from the widget's public geometry.
void paintWaterfallHeader(QPainter& p, const WaterfallWidget& widget);

} // namespace evsim::gui
