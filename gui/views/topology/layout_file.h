#pragma once

#include "simulator/kernel/status.h"

#include <QPointF>
#include <QString>
#include <QStringList>
#include <map>
#include <optional>

namespace evsim::gui {

// Where the user put the canvas's nodes, kept beside the scenario as `<scenario>.layout.json`
// (hello-pubsub.json -> hello-pubsub.layout.json):
//
//     {"version": 1, "nodes": {"queue:billing.orders": [412.5, 96], …}}
//
// Positions are node centres in scene units, keyed by TopologyGraph::Node::key.
using NodePositions = std::map<QString, QPointF>;

// The layout file of the scenario at `scenarioPath`.
QString layoutFilePath(const QString& scenarioPath);

// Reads the positions if the file is there, well-formed, and names exactly the nodes in
// `keys` (a layout for another version of the scenario is stale). Anything else gives nullopt
// and `why` (when given) says what was wrong; never fatal.
std::optional<NodePositions> readLayoutFile(const QString& path, const QStringList& keys,
                                            QString* why = nullptr);

// Writes the positions atomically (a temporary file renamed over the old one): done, or refused
// with the error.
Status writeLayoutFile(const QString& path, const NodePositions& positions);

} // namespace evsim::gui
