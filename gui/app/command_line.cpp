#include "gui/app/command_line.h"

#include "gui/app/main_window.h"
#include "gui/views/topology/node_groups.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <cstdio>
#include <cstring>

namespace evsim::gui {
namespace {

int fail(const QString& problem, const QString& hint) {
    std::fprintf(stderr, "evsim-gui: %s\n  hint: %s\n", qPrintable(problem), qPrintable(hint));
    return 2;
}

} // namespace

bool needsNoDisplay(int argc, char** argv) {
    for (int i = 1; i < argc; ++i) {
        const char* a = argv[i];
        if (std::strcmp(a, "--screenshot") == 0 || std::strncmp(a, "--screenshot=", 13) == 0 ||
            std::strcmp(a, "--help") == 0 || std::strcmp(a, "-h") == 0 ||
            std::strcmp(a, "--version") == 0 || std::strcmp(a, "-v") == 0) {
            return true;
        }
    }
    return false;
}

std::optional<CommandLine> parseCommandLine(const QStringList& arguments, int& exitCode) {
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "EventSim's desktop app: watch a scenario's messages flow between producers, exchanges, "
        "queues and consumers, scrub through virtual time, inject failures live and inspect "
        "every message.\n\nWith --screenshot it renders a picture without a display and exits."));
    parser.addHelpOption();
    parser.addVersionOption();
    parser.addPositionalArgument(QStringLiteral("FILE"),
                                 QStringLiteral("A scenario file (.json). Without one the app "
                                                "opens on a list of the bundled scenarios."),
                                 QStringLiteral("[FILE]"));
    const QCommandLineOption screenshot(
        QStringLiteral("screenshot"),
        QStringLiteral("Render FILE to a PNG (or .svg) at OUT and exit; needs no display."),
        QStringLiteral("OUT"));
    const QCommandLineOption at(
        QStringLiteral("at"),
        QStringLiteral("Virtual time of the picture, such as 4.5s (default: half the run)."),
        QStringLiteral("DUR"));
    const QCommandLineOption view(
        QStringLiteral("view"),
        QStringLiteral("What to picture: all (the whole window, default), ") +
            MainWindow::viewNames().join(QStringLiteral(", ")) + QLatin1Char('.'),
        QStringLiteral("NAME"), QStringLiteral("all"));
    const QCommandLineOption size(QStringLiteral("size"),
                                  QStringLiteral("Picture size in pixels (default 1600x1000)."),
                                  QStringLiteral("WxH"), QStringLiteral("1600x1000"));
    const QCommandLineOption theme(
        QStringLiteral("theme"),
        QStringLiteral("light, dark or system (default: as last chosen in View › Theme)."),
        QStringLiteral("NAME"));
    const QCommandLineOption select(
        QStringLiteral("select"),
        QStringLiteral("The message the picture selects, such as msg-12 (default: the first one "
                       "that failed, else the last one published before --at)."),
        QStringLiteral("MSG"));
    const QCommandLineOption focus(
        QStringLiteral("focus"),
        QStringLiteral("A service, exchange or queue the picture brings into sight and selects "
                       "on the canvas, found as View › Find Node finds it (instead of a "
                       "message)."),
        QStringLiteral("NAME"));
    const QCommandLineOption group(
        QStringLiteral("group"),
        QStringLiteral("How the picture's canvas gathers nodes, as View › Group Nodes does: "
                       "none, prefix (by name prefix) or service (queues by consuming service) "
                       "(default: as last chosen)."),
        QStringLiteral("HOW"));
    const QCommandLineOption route(
        QStringLiteral("route"),
        QStringLiteral("Asks the Routing view where a routing key goes through an exchange, "
                       "EXCHANGE:KEY (such as events:order.placed.eu; :NAME for the default "
                       "exchange), and lights the route up on the canvas (instead of a "
                       "message)."),
        QStringLiteral("EXCHANGE:KEY"));
    const QCommandLineOption compare(
        QStringLiteral("compare-with"),
        QStringLiteral("Opens the Compare view with run B: this session with another seed (a "
                       "number) or a scenario or recording file."),
        QStringLiteral("SEED|FILE"));
    parser.addOptions({screenshot, at, view, size, theme, select, focus, group, route, compare});
    if (!parser.parse(arguments)) {
        exitCode = fail(parser.errorText(), QStringLiteral("see evsim-gui --help"));
        return std::nullopt;
    }
    if (parser.isSet(QStringLiteral("help"))) {
        std::fputs(qPrintable(parser.helpText()), stdout);
        exitCode = 0;
        return std::nullopt;
    }
    if (parser.isSet(QStringLiteral("version"))) {
        std::printf("evsim-gui %s\n", qPrintable(QCoreApplication::applicationVersion()));
        exitCode = 0;
        return std::nullopt;
    }
    CommandLine line;
    const QStringList files = parser.positionalArguments();
    if (files.size() > 1) {
        exitCode = fail(QStringLiteral("one scenario file at a time, got %1").arg(files.size()),
                        QStringLiteral("evsim-gui [FILE]"));
        return std::nullopt;
    }
    line.file = files.value(0);
    line.screenshot = parser.value(screenshot);
    if (parser.isSet(at)) {
        line.at = parseDuration(parser.value(at).toStdString());
        if (!line.at) {
            exitCode = fail(QStringLiteral("--at: \"%1\" is not a duration").arg(parser.value(at)),
                            QStringLiteral("a number and a unit (ns, us, ms, s, m, h), such as "
                                           "4.5s"));
            return std::nullopt;
        }
    }
    line.view = parser.value(view);
    if (line.view != QLatin1String("all") && !MainWindow::viewNames().contains(line.view)) {
        exitCode = fail(QStringLiteral("--view: no view called \"%1\"").arg(line.view),
                        QStringLiteral("one of all, ") +
                            MainWindow::viewNames().join(QStringLiteral(", ")));
        return std::nullopt;
    }
    const QStringList wh = parser.value(size).split(QLatin1Char('x'));
    bool okW = false;
    bool okH = false;
    if (wh.size() == 2) {
        line.size = QSize(wh[0].toInt(&okW), wh[1].toInt(&okH));
    }
    if (!okW || !okH || line.size.width() < 200 || line.size.height() < 150 ||
        line.size.width() > 8000 || line.size.height() > 8000) {
        exitCode =
            fail(QStringLiteral("--size: \"%1\" is not a picture size").arg(parser.value(size)),
                 QStringLiteral("width x height in pixels, from 200x150 to 8000x8000, such "
                                "as 1600x1000"));
        return std::nullopt;
    }
    line.theme = parser.value(theme);
    if (!line.theme.isEmpty() && line.theme != QLatin1String("light") &&
        line.theme != QLatin1String("dark") && line.theme != QLatin1String("system")) {
        exitCode = fail(QStringLiteral("--theme: \"%1\" is not a theme").arg(line.theme),
                        QStringLiteral("light, dark or system"));
        return std::nullopt;
    }
    if (parser.isSet(select)) {
        QString id = parser.value(select);
        id.remove(QStringLiteral("msg-"));
        bool ok = false;
        line.select = id.toUInt(&ok);
        if (!ok || line.select == 0) {
            exitCode =
                fail(QStringLiteral("--select: \"%1\" is not a message").arg(parser.value(select)),
                     QStringLiteral("a message id as the log shows it, such as msg-12"));
            return std::nullopt;
        }
    }
    if (parser.isSet(route)) {
        const QString value = parser.value(route);
        const qsizetype colon = value.indexOf(QLatin1Char(':'));
        if (colon < 0) {
            exitCode = fail(QStringLiteral("--route: \"%1\" has no colon").arg(value),
                            QStringLiteral("EXCHANGE:KEY, such as events:order.placed.eu"));
            return std::nullopt;
        }
        line.route = std::pair(value.left(colon), value.mid(colon + 1));
    }
    line.focus = parser.value(focus);
    line.group = parser.value(group);
    line.compareWith = parser.value(compare);
    if (!line.group.isEmpty() && !groupingNamed(line.group)) {
        exitCode = fail(QStringLiteral("--group: \"%1\" is not a way to group").arg(line.group),
                        QStringLiteral("none, prefix or service"));
        return std::nullopt;
    }
    if (!line.screenshot.isEmpty() && line.file.isEmpty()) {
        exitCode =
            fail(QStringLiteral("--screenshot needs a scenario file"),
                 QStringLiteral("evsim-gui scenarios/hello-pubsub.json --screenshot out.png"));
        return std::nullopt;
    }
    return line;
}

} // namespace evsim::gui
