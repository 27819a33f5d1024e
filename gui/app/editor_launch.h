#pragma once

#include <QString>

namespace evsim::gui {

// Opens `path` in the user's editor at the place the first of `errors` names
// ("file:line:col: error…"): with $VISUAL or $EDITOR when set (code, subl and the like get
// file:line:col, vi, emacs and nano get +line), with the desktop's default application
// otherwise. Returns false when nothing could be started.
bool openInEditor(const QString& path, const QString& errors);

} // namespace evsim::gui
