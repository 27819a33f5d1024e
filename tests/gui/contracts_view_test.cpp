#include "gui/control/session_controller.h"
#include "gui/views/contracts/contracts_view.h"
#include "tests/gui/gui_test_support.h"

#include <QComboBox>
#include <QLabel>
#include <QTableWidget>
#include <QTest>

using namespace evsim;
using namespace evsim::gui;

// The Contracts view shows what `evsim contracts` prints, for the scenario as it is open.
class ContractsViewTest : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void theBrokenRollOutShowsTheFieldItsConsumerMisses() {
        SessionController controller;
        ContractsView view(controller);
        QVERIFY(test::openAndFinish(
            controller, QStringLiteral("scenarios/rolling-deploy-schema-v2-broken.json")));
        QVERIFY2(view.verdict().contains(QStringLiteral("Incompatible")),
                 qPrintable(view.verdict()));
        QVERIFY2(view.verdict().contains(QStringLiteral("1 pair that meets cannot read")),
                 qPrintable(view.verdict()));
        // The run's count of what that pair did: 2700 schema mismatches (the scenario's own
        // expectation).
        QVERIFY2(view.verdict().contains(QStringLiteral(
                     "shipping (reading shipping.orders) failed 2700 with schema_mismatch")),
                 qPrintable(view.verdict()));
        // As the command prints it: v1 and v2 of OrderPlaced × shipping v1 and billing v1.
        QTableWidget& m = view.matrix();
        QCOMPARE(m.rowCount(), 2);
        QCOMPARE(m.columnCount(), 2);
        QVERIFY(m.horizontalHeaderItem(0)->text().startsWith(QStringLiteral("shipping v1\n")));
        QVERIFY(m.verticalHeaderItem(1)->text().startsWith(QStringLiteral("v2 by checkout")));
        QCOMPARE(m.item(0, 0)->text(), QStringLiteral("✔ reads"));
        QCOMPARE(m.item(1, 0)->text(),
                 QStringLiteral("✘ breaks: customer_email: read by the consumer, not written"));
        QCOMPARE(m.item(1, 1)->text(), QStringLiteral("✔ reads"));
        // The first pair that breaks is chosen, and why it breaks is said.
        QCOMPARE(m.currentRow(), 1);
        QCOMPARE(m.currentColumn(), 0);
        const QString why = view.findChild<QLabel*>(QStringLiteral("contractsWhy"))->text();
        QVERIFY2(why.startsWith(QStringLiteral("shipping v1 cannot read v2")), qPrintable(why));
    }

    void theFixedRollOutIsCompatible() {
        SessionController controller;
        ContractsView view(controller);
        QVERIFY(test::openAndFinish(
            controller, QStringLiteral("scenarios/rolling-deploy-schema-v2-fixed.json")));
        QVERIFY2(view.verdict().contains(QStringLiteral("Compatible")), qPrintable(view.verdict()));
        for (int r = 0; r < view.matrix().rowCount(); ++r) {
            for (int c = 0; c < view.matrix().columnCount(); ++c) {
                QVERIFY(view.matrix().item(r, c)->text().startsWith(QStringLiteral("✔")));
            }
        }
        const QString registry =
            view.findChild<QLabel*>(QStringLiteral("contractsRegistry"))->text();
        QVERIFY2(registry.contains(QStringLiteral("every version passes FULL")),
                 qPrintable(registry));
    }

    void aScenarioWithoutSchemasSaysHowToDeclareThem() {
        SessionController controller;
        ContractsView view(controller);
        QVERIFY(test::openAndFinish(controller, test::kHelloPubsub));
        QVERIFY2(view.verdict().contains(QStringLiteral("declares no event schemas")),
                 qPrintable(view.verdict()));
        QCOMPARE(view.matrix().rowCount(), 0);
        QVERIFY(!view.findChild<QComboBox*>(QStringLiteral("contractsEventType"))->isEnabled());
    }
};

EVSIM_GUI_TEST(ContractsViewTest, "contracts_view")
#include "contracts_view_test.moc"
