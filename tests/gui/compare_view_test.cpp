// The Compare view: run B beside this run, the record where they part, the figures that
// differ and one queue's depth in both.
#include "gui/control/session_controller.h"
#include "gui/models/comparison_model.h"
#include "gui/views/compare/compare_view.h"
#include "gui/views/compare/depth_overlay.h"
#include "harness/session/run_data.h"
#include "tests/gui/gui_test_support.h"

#include <QCategoryAxis>
#include <QFile>
#include <QLabel>
#include <QLineSeries>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTest>

using namespace evsim;
using namespace evsim::gui;

namespace {} // namespace

class CompareViewTest : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void theSameRunAgainDiffersNowhere() {
        SessionController controller;
        CompareView view(controller);
        QVERIFY(test::openAndFinish(controller, test::kHelloPubsub));
        QVERIFY(!view.hasOther());
        QCOMPARE(view.compareWithSeed(controller.data().seed()), QString());
        QVERIFY(view.hasOther());
        QCOMPARE(view.model().comparison().firstDifference, std::nullopt);
        QCOMPARE(view.model().rowCount(), 0); // only the figures that differ, and none does
        QCOMPARE(view.partingRecords().rowCount(), 0);
        QVERIFY(!view.showFirstDifference());
    }

    // A crashes email#0 (its only instance) at 3 s; B is the file as it is. They part at the
    // crash: the parting record is marked in both runs' rows, email.orders' figures differ,
    // and its depth is drawn for both.
    void anInterventionShowsWhereAndHowTheRunsPart() {
        SessionController controller;
        CompareView view(controller);
        view.resize(1200, 700);
        view.show();
        QVERIFY(test::openAndFinish(controller, test::kHelloPubsub));
        QCOMPARE(controller.inject({SimTime::fromSeconds(3), Crash{{"email", 0}, std::nullopt}}),
                 QString());
        controller.runToEnd();
        QCOMPARE(view.compareWithFile(test::sourcePath(test::kHelloPubsub)), QString());
        const RunComparison& c = view.model().comparison();
        QVERIFY(c.firstDifference.has_value());
        const Record& parting = controller.data().records()[*c.firstDifference];
        QVERIFY(parting.time >= SimTime::fromSeconds(3));
        const QTableWidget& rows = view.partingRecords();
        QVERIFY(rows.rowCount() > 1);
        int marked = -1;
        for (int row = 0; row < rows.rowCount(); ++row) {
            if (rows.item(row, 1)->font().bold()) {
                marked = row;
            }
        }
        QVERIFY(marked >= 0);
        QCOMPARE(rows.item(marked, 0)->text(), QString::number(*c.firstDifference));
        QVERIFY(rows.item(marked, 1)->text() != rows.item(marked, 2)->text());
        QVERIFY(rows.item(0, 1)->text() == rows.item(0, 2)->text() || marked == 0);

        bool emailDiffers = false;
        for (int row = 0; row < view.model().rowCount(); ++row) {
            const ComparedFigure& f = view.model().figureAt(row);
            QVERIFY(f.differs());
            emailDiffers = emailDiffers || (f.name == "email.orders" && f.figure == "acked");
        }
        QVERIFY(emailDiffers);
        QVERIFY(view.overlay().seriesA().count() > 5);
        QCOMPARE(view.overlay().seriesA().count(), view.overlay().seriesB().count());
        // A 10 s run is ticked at round seconds from 0 (not at 0, 2.5, 5, 7.5), in seconds.
        QCategoryAxis& time = view.overlay().timeAxis();
        const QStringList labels = time.categoriesLabels();
        QVERIFY2(labels.size() >= 3, qPrintable(labels.join(u'|')));
        QCOMPARE(time.endValue(labels[0]), 0.0);
        QCOMPARE(labels[1], QStringLiteral("2 s"));
        QCOMPARE(time.endValue(labels.back()), 10.0);

        QVERIFY(view.showFirstDifference());
        QCOMPARE(controller.cursor(), parting.time);
        QCOMPARE(controller.selection().kind, Selection::Kind::Record);
        QCOMPARE(controller.selection().record, *c.firstDifference);
    }

    // B is the file as it is; A gets one more billing instance in the properties panel. B
    // stays, and the comparison follows A.
    void anEditedValueKeepsRunBToCompareWith() {
        SessionController controller;
        CompareView view(controller);
        QVERIFY(test::openAndFinish(controller, test::kHelloPubsub));
        QCOMPARE(view.compareWithFile(test::sourcePath(test::kHelloPubsub)), QString());
        QCOMPARE(view.model().comparison().firstDifference, std::nullopt);
        QCOMPARE(controller.editScenario({"$.services[1]", {"instances"}, "3"}), QString());
        controller.runToEnd();
        QVERIFY(view.hasOther());
        QVERIFY(view.model().comparison().firstDifference.has_value());
    }

    void openingAnotherScenarioForgetsRunB() {
        SessionController controller;
        CompareView view(controller);
        QVERIFY(test::openAndFinish(controller, test::kHelloPubsub));
        QCOMPARE(view.compareWithSeed(7), QString());
        QVERIFY(view.hasOther());
        QVERIFY(test::openAndFinish(controller,
                                    QStringLiteral("scenarios/consumer-maintenance-window.json")));
        QVERIFY(!view.hasOther());
        QCOMPARE(view.model().rowCount(), 0);
    }

    // A file name is shown as it is, even with what looks like a placeholder in it.
    void runBsFileNameIsShownAsItIs() {
        SessionController controller;
        CompareView view(controller);
        QVERIFY(test::openAndFinish(controller, test::kHelloPubsub));
        QTemporaryDir dir;
        const QString other = dir.filePath(QStringLiteral("b%5 <i>.json"));
        QVERIFY(QFile::copy(test::sourcePath(test::kHelloPubsub), other));
        QCOMPARE(view.compareWithFile(other), QString());
        const QString summary = view.findChild<QLabel*>(QStringLiteral("compareSummary"))->text();
        QVERIFY2(summary.contains(QStringLiteral("b%5 &lt;i&gt;.json")), qPrintable(summary));
    }

    void aFileThatDoesNotLoadSaysWhy() {
        SessionController controller;
        CompareView view(controller);
        QVERIFY(test::openAndFinish(controller, test::kHelloPubsub));
        const QString error = view.compareWithFile(
            test::sourcePath(QStringLiteral("fixtures/malformed/dangling_queue.json")));
        QVERIFY2(error.contains(QStringLiteral("dangling_queue.json:")), qPrintable(error));
        QVERIFY(!view.hasOther());
    }
};

EVSIM_GUI_TEST(CompareViewTest, "compare_view")
#include "compare_view_test.moc"
