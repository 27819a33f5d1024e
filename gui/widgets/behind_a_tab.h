#pragma once

#include <QWidget>

namespace evsim::gui {

// Whether `view` is hidden inside a window that shows (a dock tab behind another, a closed
// dock): it can catch up when shown instead of following every step of a run. A view that
// was never put in a shown window (one under test) is not behind: it keeps up as it goes.
inline bool behindATab(const QWidget& view) {
    return !view.isVisible() && view.window()->isVisible();
}

} // namespace evsim::gui
