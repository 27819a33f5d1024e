#pragma once

#include <QColor>
#include <QIcon>

namespace evsim::gui {

enum class TransportIcon { GoToStart, StepBack, Play, Pause, StepForward };

// Playback icons drawn in the palette's text colour: the style's own media icons are black
// pixmaps, which all but vanish on the dark theme.
QIcon transportIcon(TransportIcon kind, const QColor& color);

} // namespace evsim::gui
