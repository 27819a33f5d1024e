// "What if?": the properties panel shows the selected part's settings as the file writes them,
// sets one with Enter - the run is computed again - and refuses a value the scenario cannot
// take, with the loader's reason.
#include "gui/control/session_controller.h"
#include "gui/views/properties/properties_view.h"
#include "harness/session/run_data.h"
#include "tests/gui/gui_test_support.h"

#include <QCoreApplication>
#include <QLineEdit>
#include <QTest>

using namespace evsim;
using namespace evsim::gui;

namespace {

void selectEntity(SessionController& controller, EntityKind kind, const char* name) {
    const EntityId id = controller.data().entities().find(kind, name);
    QVERIFY2(id != kNoEntity, name);
    controller.select({Selection::Kind::Entity, id, 0});
}

} // namespace

class PropertiesViewTest : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void aConsumersPrefetchIsSetAndTheRunFollows() {
        SessionController controller;
        PropertiesView view(controller);
        view.show();
        QVERIFY(test::openAndFinish(controller, test::kHelloPubsub));
        QCoreApplication::processEvents();
        const std::uint64_t before = controller.data().digest();
        selectEntity(controller, EntityKind::Consumer, "billing#0<-billing.orders");
        QCOMPARE(view.shown().title, std::string("consumer billing <- billing.orders"));
        QLineEdit* prefetch = view.field(QStringLiteral("prefetch"));
        QVERIFY(prefetch != nullptr);
        QCOMPARE(prefetch->text(), QStringLiteral("5"));
        QCOMPARE(view.field(QStringLiteral("processing"))->text(),
                 QStringLiteral(R"({"dist":"lognormal","median":"8ms","p99":"40ms"})"));

        prefetch->setText(QStringLiteral("1"));
        QTest::keyClick(prefetch, Qt::Key_Return);
        QVERIFY2(view.problem().contains(QStringLiteral("prefetch is now 1")),
                 qPrintable(view.problem()));
        QVERIFY(controller.unsaved());
        QVERIFY(controller.session().edited());
        QCOMPARE(controller.session().scenario().services[1].consumes[0].prefetch, 1u);
        controller.runToEnd();
        QCoreApplication::processEvents(); // the panel is built again for the edited scenario
        QVERIFY(controller.data().digest() != before);
        QCOMPARE(view.field(QStringLiteral("prefetch"))->text(), QStringLiteral("1"));
        const std::string& text = controller.session().text();
        QVERIFY(text.find("\"prefetch\": 1,") != std::string::npos);
        QVERIFY(text.find("// The default scenario") != std::string::npos);

        // Emptied, the field goes back to the default: no prefetch limit.
        prefetch = view.field(QStringLiteral("prefetch"));
        prefetch->clear();
        QTest::keyClick(prefetch, Qt::Key_Return);
        QVERIFY2(view.problem().contains(QStringLiteral("prefetch is back to its default")),
                 qPrintable(view.problem()));
        QCOMPARE(controller.session().scenario().services[1].consumes[0].prefetch, 0u);
        QVERIFY(controller.session().text().find("\"prefetch\"") ==
                controller.session().text().rfind("\"prefetch\"")); // email's alone
    }

    void aValueTheScenarioCannotTakeIsRefusedWithTheReason() {
        SessionController controller;
        PropertiesView view(controller);
        QVERIFY(test::openAndFinish(controller, test::kHelloPubsub));
        QCoreApplication::processEvents();
        const std::string text = controller.session().text();
        selectEntity(controller, EntityKind::Service, "billing");
        QLineEdit* instances = view.field(QStringLiteral("instances"));
        QVERIFY(instances != nullptr);
        QCOMPARE(instances->text(), QStringLiteral("2"));
        instances->setText(QStringLiteral("0"));
        QTest::keyClick(instances, Qt::Key_Return);
        QVERIFY2(view.problem().contains(QStringLiteral("instances was not changed")),
                 qPrintable(view.problem()));
        QCOMPARE(controller.session().text(), text);
        QVERIFY(!controller.unsaved());
    }

    // Three billing instances: the next run has billing#2, and the panel still shows billing.
    void moreInstancesRunAndThePanelKeepsItsPart() {
        SessionController controller;
        PropertiesView view(controller);
        QVERIFY(test::openAndFinish(controller, test::kHelloPubsub));
        QCoreApplication::processEvents();
        selectEntity(controller, EntityKind::Instance, "billing#1");
        QCOMPARE(view.shown().title, std::string("service billing"));
        QLineEdit* instances = view.field(QStringLiteral("instances"));
        instances->setText(QStringLiteral("3"));
        QTest::keyClick(instances, Qt::Key_Return);
        controller.runToEnd();
        QCoreApplication::processEvents();
        QVERIFY(controller.data().entities().find(EntityKind::Instance, "billing#2") != kNoEntity);
        QCOMPARE(view.shown().title, std::string("service billing"));
        QCOMPARE(view.field(QStringLiteral("instances"))->text(), QStringLiteral("3"));
    }

    void aPartWithoutSettingsSaysWhatCanBeSelected() {
        SessionController controller;
        PropertiesView view(controller);
        QVERIFY(test::openAndFinish(controller, test::kHelloPubsub));
        QCoreApplication::processEvents();
        selectEntity(controller, EntityKind::Exchange, "orders");
        QVERIFY(view.shown().properties.empty());
        QVERIFY(view.field(QStringLiteral("instances")) == nullptr);
    }
};

EVSIM_GUI_TEST(PropertiesViewTest, "properties_view")
#include "properties_view_test.moc"
