#pragma once

#include <QColor>
#include <QPalette>

class QApplication;

namespace evsim::gui {

// The app's colours: a palette that follows the system (or a chosen light or dark), and the
// colours that carry meaning - event types (the Okabe-Ito colour-blind-safe set, in order) and
// states. Backgrounds and text always come from the palette, never a fixed white or black.
class Theme {
public:
    enum class Mode { System, Light, Dark };

    // Applies `mode` to the application (Fusion style, with a dark palette for Dark).
    static void apply(QApplication& app, Mode mode);
    static Mode mode();
    // Whether the palette in use is dark (Qt 6.4 has no colour-scheme query: the window
    // colour's lightness tells).
    static bool dark();

    static QColor eventType(int index); // by event type index in the run
    static QColor error();              // #D55E00
    static QColor warning();            // #E69F00
    static QColor ok();                 // #009E73
    static QColor neutral();            // the palette's mid grey
    static QColor text();
    static QColor base(); // view backgrounds
    static QColor window();
    static QColor line(); // edges and axes: text at low contrast
};

} // namespace evsim::gui
