#include "gui/app/view_registry.h"

#include "gui/views/compare/compare_view.h"
#include "gui/views/contracts/contracts_view.h"
#include "gui/views/expectations/expectations_view.h"
#include "gui/views/inspector/inspector_view.h"
#include "gui/views/interventions/interventions_view.h"
#include "gui/views/log/log_view.h"
#include "gui/views/metrics/metrics_view.h"
#include "gui/views/partitions/partitions_view.h"
#include "gui/views/properties/properties_view.h"
#include "gui/views/routing/routing_view.h"
#include "gui/views/scenario/scenario_tree_view.h"
#include "gui/views/sequence/sequence_view.h"
#include "gui/views/traces/traces_view.h"

#include <QCoreApplication>

namespace evsim::gui {
namespace {

template <typename View> QWidget* make(SessionController& controller, QWidget* parent) {
    return new View(controller, parent);
}

} // namespace

const std::vector<ViewEntry>& dockedViews() {
    static const std::vector<ViewEntry> views{
        {QStringLiteral("scenario"), QT_TRANSLATE_NOOP("View", "Scenario"), Qt::LeftDockWidgetArea,
         0, 0.17, make<ScenarioTreeView>},
        {QStringLiteral("interventions"), QT_TRANSLATE_NOOP("View", "Interventions"),
         Qt::LeftDockWidgetArea, 0, 0, make<InterventionsView>},
        {QStringLiteral("properties"), QT_TRANSLATE_NOOP("View", "Properties"),
         Qt::LeftDockWidgetArea, 0, 0, make<PropertiesView>},
        {QStringLiteral("inspector"), QT_TRANSLATE_NOOP("View", "Inspector"),
         Qt::RightDockWidgetArea, 0, 0.26, make<InspectorView>},

        {QStringLiteral("sequence"), QT_TRANSLATE_NOOP("View", "Sequence"),
         Qt::BottomDockWidgetArea, 1, 0.3, make<SequenceView>},
        {QStringLiteral("traces"), QT_TRANSLATE_NOOP("View", "Traces"), Qt::BottomDockWidgetArea, 2,
         0, make<TracesView>},
        {QStringLiteral("metrics"), QT_TRANSLATE_NOOP("View", "Metrics"), Qt::BottomDockWidgetArea,
         3, 0, make<MetricsView>},
        {QStringLiteral("log"), QT_TRANSLATE_NOOP("View", "Log"), Qt::BottomDockWidgetArea, 4, 0,
         make<LogView>},
        {QStringLiteral("partitions"), QT_TRANSLATE_NOOP("View", "Partitions"),
         Qt::BottomDockWidgetArea, 8, 0, make<PartitionsView>},
        {QStringLiteral("expectations"), QT_TRANSLATE_NOOP("View", "Expectations"),
         Qt::BottomDockWidgetArea, 5, 0, make<ExpectationsView>},
        {QStringLiteral("compare"), QT_TRANSLATE_NOOP("View", "Compare"), Qt::BottomDockWidgetArea,
         6, 0, make<CompareView>},
        {QStringLiteral("routing"), QT_TRANSLATE_NOOP("View", "Routing"), Qt::BottomDockWidgetArea,
         7, 0, make<RoutingView>},
        {QStringLiteral("contracts"), QT_TRANSLATE_NOOP("View", "Contracts"),
         Qt::BottomDockWidgetArea, 9, 0, make<ContractsView>},
    };
    return views;
}

QString viewTitle(const ViewEntry& view) {
    return QCoreApplication::translate("View", view.title);
}

} // namespace evsim::gui
