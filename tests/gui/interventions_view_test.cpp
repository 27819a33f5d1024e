#include "gui/control/session_controller.h"
#include "gui/models/interventions_model.h"
#include "gui/views/interventions/interventions_view.h"
#include "tests/gui/gui_test_support.h"

#include <QAbstractItemModelTester>
#include <QTableView>
#include <QTest>

using namespace evsim;
using namespace evsim::gui;

class InterventionsViewTest : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void fileAndAddedInterventionsAreListed() {
        SessionController controller;
        InterventionsView view(controller);
        QAbstractItemModelTester tester(&view.model(),
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        QVERIFY(test::openAndFinish(controller,
                                    QStringLiteral("scenarios/consumer-maintenance-window.json")));
        const int fromFile = static_cast<int>(controller.session().scenario().timeline.size());
        QVERIFY(fromFile > 0);
        QCOMPARE(view.model().rowCount(), fromFile);
        QCOMPARE(view.model().addedIndex(0), -1);
        QCOMPARE(controller.inject(Intervention{
                     SimTime::fromSeconds(1),
                     PurgeQueue{controller.session().scenario().broker.amqp.queues[0].name}}),
                 QString());
        QCOMPARE(view.model().rowCount(), fromFile + 1);
        QCOMPARE(view.model().addedIndex(fromFile), 0);
        QVERIFY(view.model()
                    .data(view.model().index(fromFile, InterventionsModel::What), Qt::DisplayRole)
                    .toString()
                    .startsWith(QStringLiteral("purge")));
    }

    void anAddedInterventionCanBeMovedAndRemoved() {
        SessionController controller;
        InterventionsView view(controller);
        view.show();
        QVERIFY(test::openAndFinish(controller, QStringLiteral("scenarios/hello-pubsub.json")));
        QCOMPARE(
            controller.inject(Intervention{SimTime::fromSeconds(1), PurgeQueue{"billing.orders"}}),
            QString());
        controller.runToEnd();
        view.table().selectRow(0);
        controller.setCursor(SimTime::fromSeconds(3));
        view.moveSelectedToCursor();
        QCOMPARE(controller.session().added()[0].at, SimTime::fromSeconds(3));
        controller.runToEnd();
        view.table().selectRow(0);
        view.removeSelected();
        QVERIFY(controller.session().added().empty());
        QCOMPARE(view.model().rowCount(), 0);
    }

    void fileInterventionsCannotBeRemovedHere() {
        SessionController controller;
        InterventionsView view(controller);
        view.show();
        QVERIFY(test::openAndFinish(controller,
                                    QStringLiteral("scenarios/consumer-maintenance-window.json")));
        const int rows = view.model().rowCount();
        view.table().selectRow(0);
        view.removeSelected();
        QCOMPARE(view.model().rowCount(), rows);
    }
};

EVSIM_GUI_TEST(InterventionsViewTest, "interventions_view")
#include "interventions_view_test.moc"
