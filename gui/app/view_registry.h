#pragma once

#include <QString>
#include <Qt>
#include <functional>
#include <vector>

class QWidget;

namespace evsim::gui {

class SessionController;

// One view the main window shows in a dock. The window builds its docks, the View menu, the
// Alt+N shortcuts and the F1 list from this table, and the command line's --view reads its
// names, so a new view is one entry here and cannot be left out of any of them.
struct ViewEntry {
    QString name;      // "log": --view, MainWindow::showView, the dock's saved layout
    const char* title; // "Log", translated in the "View" context
    Qt::DockWidgetArea area;
    int altKey = 0; // Alt+altKey brings it forward and focuses it; 0 for none
    // The first dock of an area: its share of the window's width (left, right) or height
    // (bottom) in the first layout.
    double initialShare = 0;
    std::function<QWidget*(SessionController&, QWidget* parent)> make;
};

// In the order they are docked: docks of the left and right areas stack from top to bottom,
// docks of the bottom area are tabs from left to right, the first in front.
const std::vector<ViewEntry>& dockedViews();

// The view's title, translated.
QString viewTitle(const ViewEntry& view);

} // namespace evsim::gui
