#pragma once

class QFont;
class QPainter;

namespace evsim::gui {

// Text on the canvas is never drawn smaller than this, in screen pixels: a label that would
// be is left out (zooming in brings it back), and a fitted view stops shrinking at the scale
// where the smallest labels reach it, scrolling what does not fit instead.
inline constexpr double kLeastLabelPixels = 9;

// Whether text in `font` is at least kLeastLabelPixels tall as `painter` draws it now.
bool legibleUnder(const QPainter& painter, const QFont& font);

// The least scale of the canvas at which every label it draws is legible.
double leastLegibleScale();

} // namespace evsim::gui
