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

    // Text that meets WCAG AA (4.5:1) on every background text sits on (views, windows,
    // alternate rows). A state colour as text goes through readable(): `c` lightened (dark
    // palette) or darkened (light) as little as that takes, so "failed" stays vermillion.
    static constexpr double kLeastTextContrast = 4.5;
    // Lines and marks that carry meaning (edges, axes, state dots): 3:1 (WCAG 1.4.11).
    static constexpr double kLeastGraphicContrast = 3.0;
    static QColor readable(const QColor& c);
    // Secondary text (what the scenario file fixed, hints): quieter than text(), still AA.
    static QColor mutedText();
    // The WCAG 2 contrast ratio of two opaque colours, 1 to 21.
    static double contrast(const QColor& a, const QColor& b);
    // `c` drawn over `background` (its alpha applied).
    static QColor over(const QColor& c, const QColor& background);
};

} // namespace evsim::gui
