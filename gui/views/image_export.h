#pragma once

#include "simulator/kernel/status.h"

#include <QString>

class QWidget;

namespace evsim::gui {

// Saves what `widget` shows: a PNG (the widget as on screen) or, for a path ending in .svg, an
// SVG drawing of it. Written safely (to a temporary file, then renamed): done, or refused
// with the error.
Status saveWidgetImage(QWidget& widget, const QString& path);

} // namespace evsim::gui
