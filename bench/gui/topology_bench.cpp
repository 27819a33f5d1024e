// How fast the topology canvas is, offscreen:
//   (a) one frame with 2,000 tokens in flight (placing them at a new cursor and painting the
//       canvas into a 1600x1000 image), median over 50 frames;
//   (b) laying out a generated topology of 200 queues and 500 service instances, and (c) the
//       same gathered into groups by name prefix.
// Prints one line per figure; the targets are 16 ms and 1 s.
#include "gui/control/session_controller.h"
#include "gui/views/topology/node_item.h"
#include "gui/views/topology/token_layer.h"
#include "gui/views/topology/topology_scene.h"
#include "gui/views/topology/topology_view.h"

#include <QApplication>
#include <QElapsedTimer>
#include <QGraphicsView>
#include <QImage>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QPainter>
#include <QTemporaryDir>
#include <algorithm>
#include <cstdio>
#include <vector>

using namespace evsim;
using namespace evsim::gui;

namespace {

QJsonObject consumer(const QString& queue, int prefetch, const QString& processing) {
    return QJsonObject{{QStringLiteral("queue"), queue},
                       {QStringLiteral("prefetch"), prefetch},
                       {QStringLiteral("processing"), processing}};
}

QString write(const QTemporaryDir& dir, const QString& name, const QJsonObject& scenario) {
    const QString path = dir.filePath(name);
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly)) {
        return {};
    }
    file.write(QJsonDocument(scenario).toJson());
    return path;
}

// 50 queues fed by one fanout exchange faster than their consumers (40 at a time, 1 s each)
// can take: from the second second on, 50 x 40 = 2,000 deliveries are in flight at any time.
QJsonObject busyScenario() {
    QJsonArray queues;
    QJsonArray bindings;
    QJsonArray services;
    services.append(QJsonObject{
        {QStringLiteral("name"), QStringLiteral("sensor")},
        {QStringLiteral("produces"),
         QJsonArray{QJsonObject{{QStringLiteral("event"), QStringLiteral("Reading")},
                                {QStringLiteral("exchange"), QStringLiteral("readings")},
                                {QStringLiteral("rate"), QStringLiteral("100/s")}}}}});
    for (int q = 0; q < 50; ++q) {
        const QString name = QStringLiteral("q%1").arg(q, 2, 10, QLatin1Char('0'));
        queues.append(QJsonObject{{QStringLiteral("name"), name}});
        bindings.append(QJsonObject{{QStringLiteral("exchange"), QStringLiteral("readings")},
                                    {QStringLiteral("queue"), name}});
        services.append(QJsonObject{
            {QStringLiteral("name"), QStringLiteral("worker-") + name},
            {QStringLiteral("consumes"), QJsonArray{consumer(name, 40, QStringLiteral("1s"))}}});
    }
    return QJsonObject{
        {QStringLiteral("name"), QStringLiteral("busy")},
        {QStringLiteral("duration"), QStringLiteral("6s")},
        {QStringLiteral("broker"),
         QJsonObject{{QStringLiteral("exchanges"),
                      QJsonArray{QJsonObject{{QStringLiteral("name"), QStringLiteral("readings")},
                                             {QStringLiteral("type"), QStringLiteral("fanout")}}}},
                     {QStringLiteral("queues"), queues},
                     {QStringLiteral("bindings"), bindings}}},
        {QStringLiteral("services"), services}};
}

// 10 direct exchanges, 200 queues (20 per exchange), 5 producing services of one instance and
// 99 consuming services of 5 instances, each reading two queues: 500 instances in all.
QJsonObject largeScenario() {
    QJsonArray exchanges;
    QJsonArray queues;
    QJsonArray bindings;
    QJsonArray services;
    for (int x = 0; x < 10; ++x) {
        exchanges.append(QJsonObject{{QStringLiteral("name"), QStringLiteral("x%1").arg(x)},
                                     {QStringLiteral("type"), QStringLiteral("direct")}});
    }
    for (int q = 0; q < 200; ++q) {
        const QString name = QStringLiteral("queue-%1").arg(q, 3, 10, QLatin1Char('0'));
        queues.append(QJsonObject{{QStringLiteral("name"), name}});
        bindings.append(QJsonObject{{QStringLiteral("exchange"), QStringLiteral("x%1").arg(q % 10)},
                                    {QStringLiteral("queue"), name},
                                    {QStringLiteral("key"), name}});
    }
    for (int p = 0; p < 5; ++p) {
        QJsonArray produces;
        for (int k = 0; k < 2; ++k) {
            produces.append(
                QJsonObject{{QStringLiteral("event"), QStringLiteral("Event%1").arg(p * 2 + k)},
                            {QStringLiteral("exchange"), QStringLiteral("x%1").arg(p * 2 + k)},
                            {QStringLiteral("routing_key"),
                             QStringLiteral("queue-%1").arg(p * 2 + k, 3, 10, QLatin1Char('0'))},
                            {QStringLiteral("rate"), QStringLiteral("1/s")}});
        }
        services.append(QJsonObject{{QStringLiteral("name"), QStringLiteral("producer-%1").arg(p)},
                                    {QStringLiteral("produces"), produces}});
    }
    for (int s = 0; s < 99; ++s) {
        QJsonArray consumes;
        for (const int q : {(2 * s) % 200, (2 * s + 1) % 200}) {
            consumes.append(consumer(QStringLiteral("queue-%1").arg(q, 3, 10, QLatin1Char('0')), 10,
                                     QStringLiteral("5ms")));
        }
        services.append(QJsonObject{{QStringLiteral("name"), QStringLiteral("service-%1").arg(s)},
                                    {QStringLiteral("instances"), 5},
                                    {QStringLiteral("consumes"), consumes}});
    }
    return QJsonObject{
        {QStringLiteral("name"), QStringLiteral("large")},
        {QStringLiteral("duration"), QStringLiteral("1s")},
        {QStringLiteral("broker"), QJsonObject{{QStringLiteral("exchanges"), exchanges},
                                               {QStringLiteral("queues"), queues},
                                               {QStringLiteral("bindings"), bindings}}},
        {QStringLiteral("services"), services}};
}

bool open(SessionController& controller, const QString& path) {
    QString errors;
    if (path.isEmpty() || !controller.openFile(path, &errors)) {
        std::fprintf(stderr, "topology_bench: cannot open the generated scenario: %s\n",
                     qPrintable(errors));
        return false;
    }
    controller.runToEnd();
    return true;
}

double median(std::vector<double> values) {
    std::sort(values.begin(), values.end());
    return values[values.size() / 2];
}

} // namespace

int main(int argc, char** argv) {
    qputenv("QT_QPA_PLATFORM", "offscreen");
    QApplication app(argc, argv);
    QTemporaryDir dir;

    { // (a) frames
        SessionController controller;
        TopologyView view(controller);
        view.resize(1600, 1000);
        if (!open(controller, write(dir, QStringLiteral("busy.json"), busyScenario()))) {
            return 1;
        }
        view.fit();
        QImage image(1600, 1000, QImage::Format_ARGB32_Premultiplied);
        constexpr int kFrames = 50;
        std::vector<double> times;
        std::vector<double> placing;
        std::size_t tokens = 0;
        for (int frame = 0; frame < kFrames + 5; ++frame) {
            QElapsedTimer timer;
            timer.start();
            // A new instant each frame, as during playback at 1x and 60 frames a second.
            controller.setCursor(SimTime::fromMillis(4000 + 16 * frame));
            const double placed = static_cast<double>(timer.nsecsElapsed()) / 1e6;
            QPainter painter(&image);
            view.render(&painter);
            painter.end();
            const double ms = static_cast<double>(timer.nsecsElapsed()) / 1e6;
            if (frame >= 5) { // the first frames warm caches (fonts, glyphs)
                times.push_back(ms);
                placing.push_back(placed);
                tokens = std::max(tokens, view.scene().tokens().size());
            }
        }
        std::printf("topology frame (%zu tokens): median %.1f ms over %d frames\n", tokens,
                    median(times), kFrames);
        std::printf("  of which placing the tokens at the cursor: median %.1f ms\n",
                    median(placing));
    }

    { // (b) layout
        SessionController controller;
        TopologyView view(controller);
        if (!open(controller, write(dir, QStringLiteral("large.json"), largeScenario()))) {
            return 1;
        }
        std::vector<double> times;
        for (int round = 0; round < 3; ++round) {
            QElapsedTimer timer;
            timer.start();
            const Scenario& scenario = controller.session().scenario();
            view.scene().build(buildTopologyGraph(scenario, controller.data().entities()), scenario,
                               controller.data().entities(), std::nullopt);
            times.push_back(static_cast<double>(timer.nsecsElapsed()) / 1e9);
        }
        int instances = 0;
        int queues = 0;
        for (const auto& n : view.scene().graph().nodes) {
            instances += n.kind == TopologyGraph::Node::Kind::Consumer ||
                                 n.kind == TopologyGraph::Node::Kind::Producer
                             ? static_cast<int>(n.instances.size())
                             : 0;
            queues += n.kind == TopologyGraph::Node::Kind::Queue;
        }
        std::printf("topology layout (%d queues, %d instances): %.2f s\n", queues, instances,
                    median(times));
        int overlaps = 0; // what the layout promises, checked at a size no test runs
        const auto& nodes = view.scene().nodes();
        for (std::size_t i = 0; i < nodes.size(); ++i) {
            for (std::size_t j = i + 1; j < nodes.size(); ++j) {
                overlaps += nodes[i]->sceneBoundingRect().intersects(nodes[j]->sceneBoundingRect());
            }
        }
        std::printf("  %zu nodes, %d overlapping pairs\n", nodes.size(), overlaps);
        if (!view.scene().layoutError().isEmpty()) {
            std::printf("  (layout engine failed: %s)\n", qPrintable(view.scene().layoutError()));
        }
        QElapsedTimer timer; // (c) the same system gathered by name prefix
        timer.start();
        view.setGrouping(NodeGrouping::NamePrefix);
        std::printf("grouped by name prefix: %zu nodes, laid out in %.2f s\n",
                    view.scene().nodes().size(), static_cast<double>(timer.nsecsElapsed()) / 1e9);
    }
    return 0;
}
