#pragma once

#include <QString>

class QWidget;

namespace evsim::gui {

// A warning dialog whose text is shown as written: messages quote names from the user's
// files, which must never be taken for markup.
void showPlainWarning(QWidget* parent, const QString& title, const QString& text);

} // namespace evsim::gui
