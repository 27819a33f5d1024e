#include "gui/app/screenshot.h"

#include "gui/app/main_window.h"
#include "gui/control/session_controller.h"
#include "gui/views/image_export.h"
#include "gui/views/routing/routing_view.h"
#include "gui/views/topology/topology_view.h"
#include "simulator/scenario/printable.h"

#include <QApplication>
#include <QDockWidget>
#include <cstdio>

namespace evsim::gui {

namespace {

// A message worth looking at in a picture: the first that failed, was dead-lettered or dropped
// before `t`, else the last one published before it.
std::uint32_t interestingMessage(const RunData& data, SimTime t) {
    std::uint32_t lastPublished = 0;
    for (const Record& r : data.records()) {
        if (r.time > t) {
            break;
        }
        if (r.kind == RecordKind::Failed || r.kind == RecordKind::DeadLettered ||
            (r.kind == RecordKind::Dropped && r.message != 0)) {
            return r.message;
        }
        if (r.kind == RecordKind::Published) {
            lastPublished = r.message;
        }
    }
    return lastPublished;
}

} // namespace

int takeScreenshot(MainWindow& window, SessionController& controller, const CommandLine& line) {
    QString errors;
    if (!controller.openFile(line.file, &errors)) {
        std::fprintf(stderr, "%s\n", qPrintable(errors));
        return 2;
    }
    controller.runToEnd();
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
    if (!line.group.isEmpty()) {
        if (auto* topology = window.findChild<TopologyView*>()) {
            topology->setGrouping(*groupingNamed(line.group));
        }
    }
    window.show();
    QApplication::processEvents();
    if (!line.compareWith.isEmpty()) {
        if (const QString error = window.compareWith(line.compareWith); !error.isEmpty()) {
            std::fprintf(stderr, "evsim-gui: --compare-with: %s\n",
                         printable(error.toStdString()).c_str());
            return 2;
        }
    }
    // Once shown, so that every view follows the cursor and the selection.
    const SimTime at = line.at.value_or(SimTime::fromNanos(controller.end().nanos() / 2));
    controller.setCursor(at);
    const std::uint32_t message =
        line.select != 0 ? line.select : interestingMessage(controller.data(), controller.cursor());
    if (!line.focus.isEmpty()) {
        auto* topology = window.findChild<TopologyView*>();
        if (topology == nullptr || !topology->findNode(line.focus)) {
            std::fprintf(stderr,
                         "evsim-gui: --focus: no service, exchange or queue is named \"%s\"\n"
                         "  hint: a name as the canvas shows it, or a part of one\n",
                         printable(line.focus.toStdString()).c_str());
            return 2;
        }
    } else if (line.route) {
        auto* routing = window.findChild<RoutingView*>();
        if (routing != nullptr) {
            routing->ask(line.route->first, line.route->second);
        }
    } else if (message != 0) {
        controller.select({Selection::Kind::Message, message, 0});
    }
    // Let layouts settle and views react before the picture.
    for (int i = 0; i < 5; ++i) {
        QApplication::processEvents();
    }
    if (const Status saved = saveWidgetImage(*target, line.screenshot); !saved.ok()) {
        std::fprintf(stderr, "evsim-gui: %s\n", saved.why().c_str());
        return 2;
    }
    std::printf("wrote %s (%s of %s at %s)\n", qPrintable(line.screenshot), qPrintable(line.view),
                qPrintable(line.file), formatDuration(controller.cursor()).c_str());
    return 0;
}

} // namespace evsim::gui
