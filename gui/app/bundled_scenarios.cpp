#include "gui/app/bundled_scenarios.h"

#include "simulator/scenario/scenario_loader.h"

#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>

namespace evsim::gui {
namespace {

QString scenarioFolder() {
    QStringList candidates;
    if (const QString env = qEnvironmentVariable("EVSIM_SCENARIOS"); !env.isEmpty()) {
        candidates << env;
    }
    const QString app = QCoreApplication::applicationDirPath();
    candidates << app + QStringLiteral("/../share/evsim/scenarios")
               << QStringLiteral(EVSIM_SOURCE_DIR "/scenarios");
    for (const QString& c : candidates) {
        if (QDir(c).exists()) {
            return QDir(c).absolutePath();
        }
    }
    return {};
}

} // namespace

QVector<BundledScenario> bundledScenarios() {
    QVector<BundledScenario> out;
    const QString folder = scenarioFolder();
    if (folder.isEmpty()) {
        return out;
    }
    const QStringList files =
        QDir(folder).entryList({QStringLiteral("*.json")}, QDir::Files, QDir::Name);
    for (const QString& file : files) {
        const QString path = QDir(folder).filePath(file);
        LoadResult<Scenario> loaded = loadScenarioFile(path.toStdString());
        if (loaded.ok()) {
            out.push_back({path, QString::fromStdString(loaded.value->name),
                           QString::fromStdString(loaded.value->description)});
        }
    }
    return out;
}

} // namespace evsim::gui
