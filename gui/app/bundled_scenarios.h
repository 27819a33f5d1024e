#pragma once

#include <QString>
#include <QVector>

namespace evsim::gui {

struct BundledScenario {
    QString path;
    QString name;
    QString description;
};

// The scenarios that come with EventSim, in file name order: from $EVSIM_SCENARIOS when set,
// else beside an installed app (../share/evsim/scenarios), else in the source tree it was built
// from. Files that do not load are left out. Benchmark models (in bench/) are not listed.
QVector<BundledScenario> bundledScenarios();

} // namespace evsim::gui
