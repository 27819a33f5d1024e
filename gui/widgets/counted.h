#pragma once

#include <QString>

namespace evsim::gui {

// "1 message", "3 messages", "0 messages": a count with its noun in the right number. (An
// untranslated tr("%n message(s)") keeps the "(s)".)
inline QString counted(long long n, const QString& one, const QString& many) {
    return QStringLiteral("%1 %2").arg(n).arg(n == 1 ? one : many);
}

} // namespace evsim::gui
