#include "gui/app/command_line.h"
#include "gui/app/main_window.h"
#include "gui/app/screenshot.h"
#include "gui/control/session_controller.h"
#include "gui/theme/theme.h"
#include "gui/widgets/plain_message.h"

#include <QApplication>
#include <QSettings>
#include <QStandardPaths>
#include <QTimer>
#include <cstdio>

using namespace evsim::gui;

namespace {

// Offscreen runs print only what the user asked for: the platform's notes about missing
// runtime directories and window hints are noise there.
void quietMessages(QtMsgType type, const QMessageLogContext&, const QString& message) {
    if (type == QtCriticalMsg || type == QtFatalMsg) {
        std::fprintf(stderr, "%s\n", qPrintable(message));
    }
}

bool hasDisplay() {
    return !qEnvironmentVariableIsEmpty("DISPLAY") ||
           !qEnvironmentVariableIsEmpty("WAYLAND_DISPLAY") ||
           !qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM");
}

} // namespace

int main(int argc, char** argv) {
    if (needsNoDisplay(argc, argv)) {
        qputenv("QT_QPA_PLATFORM", "offscreen"); // pictures and --help need no display
        qInstallMessageHandler(quietMessages);
    } else if (!hasDisplay()) {
        std::fprintf(stderr,
                     "evsim-gui: no display to open a window on (DISPLAY is not set)\n"
                     "  hint: run it in a desktop session; without one, `evsim run FILE` prints "
                     "the run's summary and `evsim-gui FILE --screenshot OUT.png` draws the app\n");
        return 2;
    }
    QApplication app(argc, argv);
    QApplication::setApplicationName(QStringLiteral("EventSim"));
    QApplication::setOrganizationName(QStringLiteral("EventSim"));
    QApplication::setApplicationVersion(QStringLiteral(EVSIM_VERSION));
    int exitCode = 0;
    const std::optional<CommandLine> line = parseCommandLine(QApplication::arguments(), exitCode);
    if (!line) {
        return exitCode;
    }
    Theme::Mode mode = static_cast<Theme::Mode>(
        QSettings()
            .value(QStringLiteral("view/theme"), static_cast<int>(Theme::Mode::System))
            .toInt());
    if (line->theme == QLatin1String("light")) {
        mode = Theme::Mode::Light;
    } else if (line->theme == QLatin1String("dark")) {
        mode = Theme::Mode::Dark;
    } else if (line->theme == QLatin1String("system")) {
        mode = Theme::Mode::System;
    }
    Theme::apply(app, mode);

    if (!line->screenshot.isEmpty()) {
        // Pictures come out the same whatever this user last did in the app.
        QStandardPaths::setTestModeEnabled(true);
    }
    SessionController controller;
    MainWindow window(controller);
    if (!line->screenshot.isEmpty()) {
        return takeScreenshot(window, controller, *line);
    }
    window.show();
    if (!line->file.isEmpty()) {
        // After the window is up, so that a load error's dialog has a parent on screen.
        QTimer::singleShot(0, &window, [&window, file = line->file, other = line->compareWith] {
            if (window.openFile(file) && !other.isEmpty()) {
                if (const QString error = window.compareWith(other); !error.isEmpty()) {
                    showPlainWarning(&window, QObject::tr("Cannot compare"), error);
                }
            }
        });
    }
    return QApplication::exec();
}
