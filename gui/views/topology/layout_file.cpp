#include "gui/views/topology/layout_file.h"

#include "harness/io/output_file.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <cmath>

namespace evsim::gui {
namespace {

constexpr int kVersion = 1;
// Far beyond any real canvas: a position out here is a damaged file, not a layout.
constexpr double kFarAway = 1e7;

std::optional<NodePositions> fail(QString* why, const QString& reason) {
    if (why != nullptr) {
        *why = reason;
    }
    return std::nullopt;
}

} // namespace

QString layoutFilePath(const QString& scenarioPath) {
    QString base = scenarioPath;
    if (base.endsWith(QLatin1String(".json"), Qt::CaseInsensitive)) {
        base.chop(5);
    }
    return base + QStringLiteral(".layout.json");
}

std::optional<NodePositions> readLayoutFile(const QString& path, const QStringList& keys,
                                            QString* why) {
    QFile file(path);
    if (!file.exists()) {
        return fail(why, QStringLiteral("no layout file"));
    }
    if (!file.open(QIODevice::ReadOnly)) {
        return fail(why, file.errorString());
    }
    QJsonParseError error{};
    const QJsonDocument doc = QJsonDocument::fromJson(file.readAll(), &error);
    if (error.error != QJsonParseError::NoError || !doc.isObject()) {
        return fail(why, QStringLiteral("not a JSON object: ") + error.errorString());
    }
    const QJsonObject root = doc.object();
    if (root.value(QLatin1String("version")).toInt() != kVersion) {
        return fail(why, QStringLiteral("unknown version"));
    }
    const QJsonObject nodes = root.value(QLatin1String("nodes")).toObject();
    if (nodes.size() != keys.size()) {
        return fail(why, QStringLiteral("stale: the scenario's nodes changed"));
    }
    NodePositions positions;
    for (const QString& key : keys) {
        const QJsonArray xy = nodes.value(key).toArray();
        if (xy.size() != 2 || !xy[0].isDouble() || !xy[1].isDouble()) {
            return fail(why, QStringLiteral("stale or damaged: no position for ") + key);
        }
        const double x = xy[0].toDouble();
        const double y = xy[1].toDouble();
        if (!std::isfinite(x) || !std::isfinite(y) || std::abs(x) > kFarAway ||
            std::abs(y) > kFarAway) {
            return fail(why, QStringLiteral("damaged: bad position for ") + key);
        }
        positions[key] = QPointF(x, y);
    }
    return positions;
}

Status writeLayoutFile(const QString& path, const NodePositions& positions) {
    QJsonObject nodes;
    for (const auto& [key, p] : positions) {
        // Half units are plenty, and keep the file readable and its diffs small.
        nodes.insert(key, QJsonArray{std::round(p.x() * 2) / 2, std::round(p.y() * 2) / 2});
    }
    QJsonObject root;
    root.insert(QStringLiteral("version"), kVersion);
    root.insert(QStringLiteral("nodes"), nodes);
    const QByteArray bytes = QJsonDocument(root).toJson(QJsonDocument::Indented);
    return writeWholeFile(
        path.toStdString(),
        std::string_view(bytes.constData(), static_cast<std::size_t>(bytes.size())));
}

} // namespace evsim::gui
