#include "gui/control/session_controller.h"
#include "gui/models/expectations_model.h"
#include "gui/views/expectations/expectations_view.h"
#include "harness/run/expectations.h"
#include "tests/gui/gui_test_support.h"

#include <QAbstractItemModelTester>
#include <QLabel>
#include <QTableView>
#include <QTest>

using namespace evsim;
using namespace evsim::gui;

class ExpectationsViewTest : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void everyExpectationIsListedWithTheCliText() {
        SessionController controller;
        ExpectationsView view(controller);
        QAbstractItemModelTester tester(const_cast<ExpectationsModel*>(&view.model()),
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        QVERIFY(test::openAndFinish(controller, QStringLiteral("scenarios/hello-pubsub.json")));
        const auto& results = controller.data().expectations();
        QCOMPARE(static_cast<std::size_t>(view.model().rowCount()), results.size());
        QVERIFY(!results.empty());
        for (int row = 0; row < view.model().rowCount(); ++row) {
            const ExpectationResult& r = results[static_cast<std::size_t>(row)];
            QCOMPARE(view.model()
                         .data(view.model().index(row, ExpectationsModel::Text), Qt::DisplayRole)
                         .toString(),
                     QString::fromStdString(describe(r)));
            QCOMPARE(view.model()
                         .data(view.model().index(row, ExpectationsModel::Status), Qt::DisplayRole)
                         .toString(),
                     r.passed ? QStringLiteral("pass") : QStringLiteral("FAIL"));
        }
        QCOMPARE(view.model().failed(), 0);
        auto* headline = view.findChild<QLabel*>(QStringLiteral("expectationsHeadline"));
        QVERIFY(headline->text().startsWith(QStringLiteral("All ")));
    }

    void theReportIsTheCliReportWithTheDigest() {
        SessionController controller;
        ExpectationsView view(controller);
        QVERIFY(test::openAndFinish(controller, QStringLiteral("scenarios/hello-pubsub.json")));
        QVERIFY(view.reportText().contains(QStringLiteral("digest: 51fe516dc7a660ce")));
    }

    void aFailureShowsAndSelectsAnExampleMessage() {
        SessionController controller;
        ExpectationsView view(controller);
        view.resize(900, 300);
        view.show();
        QVERIFY(test::openAndFinish(controller, QStringLiteral("scenarios/hello-pubsub.json")));
        // Crash billing for the rest of the run: its "acked" expectation fails.
        QCOMPARE(controller.inject(
                     Intervention{SimTime::fromSeconds(2),
                                  Crash{InstanceTarget{"billing", std::nullopt}, std::nullopt}}),
                 QString());
        controller.runToEnd();
        QVERIFY(view.model().failed() > 0);
        int failedRow = -1;
        for (int row = 0; row < view.model().rowCount(); ++row) {
            const ExpectationResult& r =
                controller.data().expectations()[static_cast<std::size_t>(row)];
            if (!r.passed && !r.examples.empty()) {
                failedRow = row;
                break;
            }
        }
        if (failedRow < 0) {
            QSKIP("no failed expectation with examples in this scenario");
        }
        auto* table = view.findChild<QTableView*>(QStringLiteral("expectations"));
        const QRect rect =
            table->visualRect(view.model().index(failedRow, ExpectationsModel::Text));
        QTest::mouseClick(table->viewport(), Qt::LeftButton, {}, rect.center());
        QCOMPARE(controller.selection().kind, Selection::Kind::Message);
        QCOMPARE(
            controller.selection().id,
            controller.data().expectations()[static_cast<std::size_t>(failedRow)].examples.front());
    }
};

EVSIM_GUI_TEST(ExpectationsViewTest, "expectations_view")
#include "expectations_view_test.moc"
