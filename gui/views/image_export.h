#pragma once

#include <QString>

class QWidget;

namespace evsim::gui {

// Saves what `widget` shows: a PNG (the widget as on screen) or, for a path ending in .svg, an
// SVG drawing of it. Written safely (to a temporary file, then renamed); "" or the error.
QString saveWidgetImage(QWidget& widget, const QString& path);

} // namespace evsim::gui
