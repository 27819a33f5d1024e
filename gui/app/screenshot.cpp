#include "app/screenshot.h"

#include "app/main_window.h"
#include "session/session_controller.h"
#include "views/image_export.h"

#include <QApplication>
#include <QDockWidget>
#include <cstdio>

namespace evsim::gui {

int takeScreenshot(MainWindow& window, SessionController& controller, const CommandLine& line) {
    QString errors;
    if (!controller.openFile(line.file, &errors)) {
        std::fprintf(stderr, "%s\n", qPrintable(errors));
        return 2;
    }
    controller.runToEnd();
    controller.setCursor(line.at.value_or(SimTime::fromNanos(controller.end().nanos() / 2)));
    window.resize(line.size);
    QWidget* target = &window;
    if (line.view != QLatin1String("all")) {
        // One view alone, at the requested size: a dock floats, the canvas gets the window.
        for (QDockWidget* dock : window.findChildren<QDockWidget*>()) {
            if (line.view == QLatin1String("topology") || dock->objectName() != line.view) {
                dock->hide();
            } else {
                dock->setFloating(true);
                dock->show();
                dock->resize(line.size);
            }
        }
        window.showView(line.view);
        target = window.viewWidget(line.view);
    }
    window.show();
    // Let layouts settle and views react to the cursor before the picture.
    for (int i = 0; i < 5; ++i) {
        QApplication::processEvents();
    }
    const QString error = saveWidgetImage(*target, line.screenshot);
    if (!error.isEmpty()) {
        std::fprintf(stderr, "evsim-gui: cannot write %s: %s\n", qPrintable(line.screenshot),
                     qPrintable(error));
        return 1;
    }
    std::printf("wrote %s (%s of %s at %s)\n", qPrintable(line.screenshot), qPrintable(line.view),
                qPrintable(line.file), formatDuration(controller.cursor()).c_str());
    return 0;
}

} // namespace evsim::gui
