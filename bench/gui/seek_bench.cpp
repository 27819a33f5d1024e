// Seeking in a long run, and the app's memory for it: opens a scenario (by default the
// 1,000,000-message benchmark model) in the real main window offscreen, computes the run, then
// moves the time cursor to spread-out times and paints the window after each move. Prints one
// line per figure; a benchmark, not a test.
#include "gui/app/main_window.h"
#include "gui/control/session_controller.h"

#include <QApplication>
#include <QElapsedTimer>
#include <QFile>
#include <QLineEdit>
#include <QTableView>
#include <QTextStream>
#include <algorithm>
#include <cstdio>
#include <vector>

using namespace evsim;
using namespace evsim::gui;

namespace {

// Peak resident memory of this process, from the kernel (VmHWM), in MiB.
double peakResidentMiB() {
    QFile status(QStringLiteral("/proc/self/status"));
    if (!status.open(QIODevice::ReadOnly)) {
        return -1;
    }
    QTextStream in(&status);
    for (QString line = in.readLine(); !line.isNull(); line = in.readLine()) {
        if (line.startsWith(QLatin1String("VmHWM:"))) {
            return line.section(QLatin1Char(' '), 1, -1, QString::SectionSkipEmpty)
                       .section(QLatin1Char(' '), 0, 0)
                       .toDouble() /
                   1024.0;
        }
    }
    return -1;
}

double percentile(std::vector<double> values, double p) {
    std::sort(values.begin(), values.end());
    const auto at = static_cast<std::size_t>(p * static_cast<double>(values.size() - 1) + 0.5);
    return values[at];
}

} // namespace

int main(int argc, char** argv) {
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM")) {
        qputenv("QT_QPA_PLATFORM", "offscreen");
    }
    QApplication app(argc, argv);
    const QString file = argc > 1 ? QString::fromLocal8Bit(argv[1])
                                  : QStringLiteral(EVSIM_SOURCE_DIR "/bench/gui/million.json");

    SessionController controller;
    MainWindow window(controller);
    window.resize(1600, 1000);
    window.show();
    QApplication::processEvents();

    QElapsedTimer clock;
    clock.start();
    QString errors;
    if (!controller.openFile(file, &errors)) {
        std::fprintf(stderr, "%s\n", qPrintable(errors));
        return 2;
    }
    controller.runToEnd();
    QApplication::processEvents();
    const double runSeconds = static_cast<double>(clock.nsecsElapsed()) / 1e9;
    const std::size_t records = controller.data().records().size();
    std::printf("run computed in the app: %.2f s, %zu records\n", runSeconds, records);

    // Spread-out times, in an order that jumps back and forth across the run.
    const std::int64_t last = controller.data().records().back().time.nanos();
    std::vector<double> millis;
    std::uint64_t x = 42;
    for (int i = 0; i < 40; ++i) {
        x = x * 6364136223846793005ull + 1442695040888963407ull;
        const auto t = static_cast<std::int64_t>((x >> 11) % static_cast<std::uint64_t>(last));
        clock.restart();
        controller.setCursor(SimTime::fromNanos(t));
        QApplication::processEvents();
        (void)window.grab(); // every visible view painted at the new time
        millis.push_back(static_cast<double>(clock.nsecsElapsed()) / 1e6);
    }
    std::printf("seek and repaint (%zu records, %zu random times): median %.1f ms, p90 %.1f ms, "
                "max %.1f ms\n",
                records, millis.size(), percentile(millis, 0.5), percentile(millis, 0.9),
                *std::max_element(millis.begin(), millis.end()));

    // Typing into the log's filter, key by key, as a user would: each keystroke refilters the
    // whole run. Three filters: a kind, an entity, and free text that matches nothing.
    window.showView(QStringLiteral("log"));
    auto* filter = window.viewWidget(QStringLiteral("log"))->findChild<QLineEdit*>();
    for (const QString& typed : {QStringLiteral("kind:ack"), QStringLiteral("entity:work"),
                                 QStringLiteral("zzz-nowhere")}) {
        std::vector<double> keys;
        std::size_t rows = 0;
        for (int n = 1; n <= typed.size(); ++n) {
            clock.restart();
            filter->setText(typed.left(n));
            QApplication::processEvents();
            keys.push_back(static_cast<double>(clock.nsecsElapsed()) / 1e6);
        }
        rows = static_cast<std::size_t>(window.viewWidget(QStringLiteral("log"))
                                            ->findChild<QTableView*>()
                                            ->model()
                                            ->rowCount());
        std::printf("filter keystroke \"%s\" (%zu records, %zu rows left): median %.1f ms, max "
                    "%.1f ms\n",
                    qPrintable(typed), records, rows, percentile(keys, 0.5),
                    *std::max_element(keys.begin(), keys.end()));
        filter->clear();
        QApplication::processEvents();
    }
    std::printf("memory: peak resident %.0f MiB\n", peakResidentMiB());
    return 0;
}
