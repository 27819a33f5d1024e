// How long the app's window stops answering, on a 5,000,000-record run (by default the
// 1,000,000-message benchmark model), offscreen at 1280x720:
//   (a) while the run computes in the background: the longest gap between the ticks of a 10 ms
//       timer on the GUI thread (what a user feels as a frozen window);
//   (b) each user action afterwards, from the call to a repainted window: showing each view
//       for the first time, seeking, selecting a message and a node, finding a node, zooming,
//       switching the theme both ways and resizing the window.
// Prints one line per figure and the worst of them; a benchmark, not a test. The target is
// 100 ms for every line. Usage: stall_bench [FILE [VIEW]] - VIEW is in front while the run
// computes (default: the first layout's, the sequence view).
#include "gui/app/main_window.h"
#include "gui/control/session_controller.h"
#include "gui/theme/theme.h"
#include "gui/views/topology/topology_view.h"

#include <QApplication>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QSettings>
#include <QStandardPaths>
#include <QTimer>
#include <algorithm>
#include <cstdio>
#include <functional>
#include <string>
#include <vector>

using namespace evsim;
using namespace evsim::gui;

int main(int argc, char** argv) {
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM")) {
        qputenv("QT_QPA_PLATFORM", "offscreen");
    }
    QApplication app(argc, argv);
    // The first layout for the window's size, not one a user saved.
    QStandardPaths::setTestModeEnabled(true);
    QSettings().remove(QStringLiteral("window"));
    const QString file = argc > 1 ? QString::fromLocal8Bit(argv[1])
                                  : QStringLiteral(EVSIM_SOURCE_DIR "/bench/gui/million.json");
    Theme::apply(app, Theme::Mode::Light);
    SessionController controller;
    MainWindow window(controller);
    window.resize(1280, 720);
    window.show();
    if (argc > 2 && !window.showView(QString::fromLocal8Bit(argv[2]))) {
        std::fprintf(stderr, "no view named %s: one of %s\n", argv[2],
                     qPrintable(MainWindow::viewNames().join(QStringLiteral(", "))));
        return 2;
    }
    QApplication::processEvents();

    // (a) The window while the run computes.
    QElapsedTimer clock;
    QElapsedTimer sinceTick;
    double longestGap = 0;
    int ticks = 0;
    QTimer tick;
    tick.setInterval(10);
    QObject::connect(&tick, &QTimer::timeout, [&] {
        longestGap = std::max(longestGap, static_cast<double>(sinceTick.nsecsElapsed()) / 1e6);
        sinceTick.restart();
        ++ticks;
    });
    QEventLoop untilFinished;
    QObject::connect(&controller, &SessionController::runFinished, &untilFinished,
                     &QEventLoop::quit);
    clock.start();
    QString errors;
    if (!controller.openFile(file, &errors)) {
        std::fprintf(stderr, "%s\n", qPrintable(errors));
        return 2;
    }
    sinceTick.start();
    tick.start();
    if (!controller.data().finished()) {
        untilFinished.exec();
    }
    tick.stop();
    const std::size_t records = controller.data().records().size();
    std::printf("run computed in the app: %.2f s, %zu records; longest pause of the window "
                "meanwhile: %.1f ms (%d ticks of 10 ms)\n",
                static_cast<double>(clock.nsecsElapsed()) / 1e9, records, longestGap, ticks);
    double worst = longestGap;
    std::string worstName = "while the run computes"; // a copy: labels are made per action

    // (b) Actions, each timed from the call to a repainted window.
    const auto act = [&](const char* name, const std::function<void()>& action) {
        clock.restart();
        action();
        QApplication::processEvents();
        (void)window.grab();
        const double ms = static_cast<double>(clock.nsecsElapsed()) / 1e6;
        std::printf("%-44s %8.1f ms\n", name, ms);
        if (ms > worst) {
            worst = ms;
            worstName = name;
        }
    };
    const SimTime end = controller.data().records().back().time;
    for (const QString& view : MainWindow::viewNames()) {
        const QByteArray label = "first show of the " + view.toUtf8() + " view";
        act(label.constData(), [&] { window.showView(view); });
    }
    act("seek to the middle", [&] { controller.setCursor(SimTime::fromNanos(end.nanos() / 2)); });
    act("seek to the end", [&] { controller.setCursor(end); });
    act("seek to the start", [&] { controller.setCursor(SimTime::zero()); });
    act("select a message in the middle", [&] {
        controller.select({Selection::Kind::Message,
                           static_cast<std::uint32_t>(controller.data().records().size() / 10), 0});
    });
    auto* topology = window.findChild<TopologyView*>();
    act("find and focus a node", [&] { topology->findNode(QStringLiteral("workers")); });
    act("zoom in", [&] { topology->zoomIn(); });
    act("fit", [&] { topology->fit(); });
    act("switch to the dark theme", [&] { Theme::apply(app, Theme::Mode::Dark); });
    act("switch back to the light theme", [&] { Theme::apply(app, Theme::Mode::Light); });
    act("resize the window to 1920x1080", [&] { window.resize(1920, 1080); });
    act("resize the window back to 1280x720", [&] { window.resize(1280, 720); });
    std::printf("worst: %.1f ms (%s); target 100 ms\n", worst, worstName.c_str());
    return 0;
}
