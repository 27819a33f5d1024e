#include "gui/control/session_controller.h"
#include "gui/views/scenario/scenario_tree_view.h"
#include "tests/gui/gui_test_support.h"

#include <QAbstractItemModelTester>
#include <QTest>
#include <QTreeWidget>

using namespace evsim;
using namespace evsim::gui;

class ScenarioTreeViewTest : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void theTreeListsServicesExchangesAndQueues() {
        SessionController controller;
        ScenarioTreeView view(controller);
        QAbstractItemModelTester tester(view.tree().model(),
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        QVERIFY(test::openAndFinish(controller, QStringLiteral("scenarios/hello-pubsub.json")));
        QTreeWidget& tree = view.tree();
        QCOMPARE(tree.topLevelItem(0)->text(0), QStringLiteral("Services (3)"));
        QCOMPARE(tree.topLevelItem(1)->text(0), QStringLiteral("Exchanges (1)"));
        QCOMPARE(tree.topLevelItem(2)->text(0), QStringLiteral("Queues (2)"));
        QCOMPARE(tree.topLevelItem(2)->child(0)->text(0),
                 QStringLiteral("billing.orders (classic)"));
    }

    void clickingAQueueSelectsItsEntity() {
        SessionController controller;
        ScenarioTreeView view(controller);
        view.resize(300, 500);
        view.show();
        QVERIFY(test::openAndFinish(controller, QStringLiteral("scenarios/hello-pubsub.json")));
        QTreeWidgetItem* queue = view.tree().topLevelItem(2)->child(1);
        const QRect rect = view.tree().visualItemRect(queue);
        QTest::mouseClick(view.tree().viewport(), Qt::LeftButton, {}, rect.center());
        QCOMPARE(controller.selection().kind, Selection::Kind::Entity);
        QCOMPARE(controller.selection().id,
                 controller.data().entities().find(EntityKind::Queue, "email.orders"));
    }
};

EVSIM_GUI_TEST(ScenarioTreeViewTest, "scenario_tree_view")
#include "scenario_tree_view_test.moc"
