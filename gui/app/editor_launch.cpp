#include "gui/app/editor_launch.h"

#include <QDesktopServices>
#include <QFileInfo>
#include <QProcess>
#include <QRegularExpression>
#include <QUrl>

namespace evsim::gui {

bool openInEditor(const QString& path, const QString& errors) {
    int line = 1;
    int column = 1;
    const QRegularExpression located(QStringLiteral(":(\\d+):(\\d+): error"));
    if (const QRegularExpressionMatch m = located.match(errors); m.hasMatch()) {
        line = std::max(1, m.captured(1).toInt());
        column = std::max(1, m.captured(2).toInt());
    }
    QString editor = qEnvironmentVariable("VISUAL");
    if (editor.isEmpty()) {
        editor = qEnvironmentVariable("EDITOR");
    }
    if (!editor.isEmpty()) {
        QStringList args = QProcess::splitCommand(editor);
        const QString program = args.takeFirst();
        const QString name = QFileInfo(program).fileName();
        if (name == QLatin1String("code") || name == QLatin1String("codium")) {
            args << QStringLiteral("--goto")
                 << QStringLiteral("%1:%2:%3").arg(path).arg(line).arg(column);
        } else if (name == QLatin1String("subl") || name == QLatin1String("kate")) {
            args << QStringLiteral("%1:%2:%3").arg(path).arg(line).arg(column);
        } else {
            args << QStringLiteral("+%1").arg(line) << path; // vi, emacs, nano, gedit…
        }
        if (QProcess::startDetached(program, args)) {
            return true;
        }
    }
    return QDesktopServices::openUrl(QUrl::fromLocalFile(QFileInfo(path).absoluteFilePath()));
}

} // namespace evsim::gui
