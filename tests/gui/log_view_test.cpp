#include "gui/control/session_controller.h"
#include "gui/models/event_log_model.h"
#include "gui/views/log/log_view.h"
#include "tests/gui/gui_test_support.h"

#include <QAbstractItemModelTester>
#include <QApplication>
#include <QHelpEvent>
#include <QRegularExpression>
#include <QStringList>
#include <QTableView>
#include <QTest>
#include <QToolTip>
#include <algorithm>
#include <cstdlib>
#include <vector>

using namespace evsim;
using namespace evsim::gui;

class LogViewTest : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void theModelIsAWellBehavedTable() {
        SessionController controller;
        LogView view(controller);
        QAbstractItemModelTester tester(&view.model(),
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        QVERIFY(test::openAndFinish(controller, QStringLiteral("scenarios/hello-pubsub.json")));
        QCOMPARE(static_cast<std::size_t>(view.model().rowCount()),
                 controller.data().records().size());
        view.setFilter(QStringLiteral("kind:dropped"));
        view.setFilter(QString());
        QCOMPARE(static_cast<std::size_t>(view.model().rowCount()),
                 controller.data().records().size());
    }

    void aMessageFilterKeepsThatMessagesRecordsOnly() {
        SessionController controller;
        LogView view(controller);
        QVERIFY(test::openAndFinish(controller, QStringLiteral("scenarios/hello-pubsub.json")));
        view.setFilter(QStringLiteral("msg:7"));
        const std::vector<std::size_t> expected = controller.data().recordsOf(7);
        QCOMPARE(static_cast<std::size_t>(view.model().rowCount()), expected.size());
        for (int row = 0; row < view.model().rowCount(); ++row) {
            QCOMPARE(view.model().recordAt(row), expected[static_cast<std::size_t>(row)]);
        }
    }

    void kindAndTextFiltersCombine() {
        SessionController controller;
        LogView view(controller);
        QVERIFY(test::openAndFinish(controller, QStringLiteral("scenarios/hello-pubsub.json")));
        view.setFilter(QStringLiteral("kind:acked entity:billing"));
        QVERIFY(view.model().rowCount() > 0);
        for (int row = 0; row < view.model().rowCount(); ++row) {
            const Record& r = controller.data().records()[view.model().recordAt(row)];
            QCOMPARE(r.kind, RecordKind::Acked);
            QVERIFY(controller.data().entities()[r.entity].name.find("billing") !=
                    std::string::npos);
        }
        view.setFilter(QStringLiteral("kind:no-such-kind"));
        QCOMPARE(view.model().rowCount(), 0);
    }

    // A word without a prefix keeps exactly the rows that show it in some column (any case):
    // checked against the text the table displays, for words found only in the kind, the
    // entity, the other entity, the detail or the message column.
    void aFreeTextWordKeepsTheRowsThatShowIt() {
        SessionController controller;
        LogView view(controller);
        QVERIFY(test::openAndFinish(controller,
                                    QStringLiteral("scenarios/consumer-maintenance-window.json")));
        view.setFilter(QString());
        EventLogModel& model = view.model();
        std::vector<QString> shown; // each record's columns, as displayed
        for (int row = 0; row < model.rowCount(); ++row) {
            QString text;
            for (int c = 0; c < EventLogModel::ColumnCount; ++c) {
                if (c != EventLogModel::Time && c != EventLogModel::Attempt) {
                    text += model.data(model.index(row, c), Qt::DisplayRole).toString() +
                            QLatin1Char('\n');
                }
            }
            shown.push_back(text);
        }
        // Every detail the run shows (redelivered, ack, a drop reason...), which only the detail
        // column says, beside words of the other columns.
        QStringList words{QStringLiteral("ACKED"), QStringLiteral("fulfilment"),
                          QStringLiteral("msg-1"), QStringLiteral("g-2"),
                          QStringLiteral("nowhere-at-all")};
        for (int row = 0; row < model.rowCount(); ++row) {
            const QString detail =
                model.data(model.index(row, EventLogModel::Detail), Qt::DisplayRole).toString();
            if (!detail.isEmpty() && !words.contains(detail)) {
                words << detail;
            }
        }
        QVERIFY2(words.size() >= 7, qPrintable(words.join(QLatin1Char(','))));
        for (const QString& word : words) {
            view.setFilter(word);
            std::vector<std::size_t> expected;
            for (std::size_t record = 0; record < shown.size(); ++record) {
                const QStringList cells = shown[record].split(QLatin1Char('\n'));
                const bool has = std::any_of(cells.begin(), cells.end(), [&](const QString& cell) {
                    return cell.contains(word, Qt::CaseInsensitive);
                });
                if (has) {
                    expected.push_back(record);
                }
            }
            QCOMPARE(static_cast<std::size_t>(model.rowCount()), expected.size());
            for (int row = 0; row < model.rowCount(); ++row) {
                QCOMPARE(model.recordAt(row), expected[static_cast<std::size_t>(row)]);
            }
        }
    }

    // Every cell's text fits its column, bold (the selected message's rows) included: no id,
    // name or time is cut, however many messages the run has.
    void everyCellFitsItsColumn() {
        for (const char* scenario :
             {"scenarios/poison-message-dlq.json", "scenarios/network-partition-duplicates.json"}) {
            SessionController controller;
            LogView view(controller);
            view.resize(1600, 600);
            view.show();
            QVERIFY(test::openAndFinish(controller, QString::fromLatin1(scenario)));
            auto* table = view.findChild<QTableView*>(QStringLiteral("eventLog"));
            QVERIFY(table != nullptr);
            QFont bold = table->font();
            bold.setBold(true);
            const QFontMetrics fm(bold);
            const QAbstractItemModel& model = view.model();
            for (const int column :
                 {EventLogModel::Time, EventLogModel::Kind, EventLogModel::Message,
                  EventLogModel::Entity, EventLogModel::Other, EventLogModel::Attempt}) {
                int widest = 0;
                QString widestText;
                for (int row = 0; row < model.rowCount(); ++row) {
                    const QString text = model.index(row, column).data().toString();
                    if (const int w = fm.horizontalAdvance(text); w > widest) {
                        widest = w;
                        widestText = text;
                    }
                }
                QVERIFY2(widest + 8 <= table->columnWidth(column),
                         qPrintable(QStringLiteral("%1: \"%2\" needs %3 px, column %4 has %5")
                                        .arg(QString::fromLatin1(scenario), widestText)
                                        .arg(widest)
                                        .arg(column)
                                        .arg(table->columnWidth(column))));
            }
        }
    }

    // A cell too narrow for its text elides it in the middle and gives it whole as its tooltip.
    void anElidedCellShowsItsWholeTextAsItsTooltip() {
        SessionController controller;
        LogView view(controller);
        view.resize(1200, 600);
        view.show();
        QVERIFY(test::openAndFinish(controller, QStringLiteral("scenarios/hello-pubsub.json")));
        auto* table = view.findChild<QTableView*>(QStringLiteral("eventLog"));
        QCOMPARE(table->textElideMode(), Qt::ElideMiddle);
        int row = 0;
        while (!view.model()
                    .index(row, EventLogModel::Other)
                    .data()
                    .toString()
                    .contains(QStringLiteral("<-"))) {
            ++row;
        }
        const QModelIndex cell = view.model().index(row, EventLogModel::Other);
        const QString whole = cell.data().toString();
        table->scrollTo(cell);
        const auto tooltipAt = [table](const QModelIndex& index) {
            QToolTip::hideText();
            const QPoint at = table->visualRect(index).center();
            QHelpEvent event(QEvent::ToolTip, at, table->viewport()->mapToGlobal(at));
            QApplication::sendEvent(table->viewport(), &event);
            return QToolTip::isVisible() ? QToolTip::text() : QString();
        };
        QVERIFY(tooltipAt(cell) != whole); // it fits: no tooltip repeats it
        table->setColumnWidth(EventLogModel::Other, 40);
        QCOMPARE(tooltipAt(cell), whole);
    }

    // Every time in the column has one precision, seconds to six decimals, within half a
    // microsecond of the record's; the tooltip gives it to the nanosecond.
    void timesHaveOnePrecisionForTheWholeColumn() {
        SessionController controller;
        LogView view(controller);
        QVERIFY(test::openAndFinish(controller, QStringLiteral("scenarios/hello-pubsub.json")));
        const EventLogModel& model = view.model();
        const QRegularExpression format(QStringLiteral("^\\d+\\.\\d{6}$"));
        for (int row = 0; row < model.rowCount(); row += 7) {
            const QModelIndex cell = model.index(row, EventLogModel::Time);
            const QString text = model.data(cell, Qt::DisplayRole).toString();
            QVERIFY2(format.match(text).hasMatch(), qPrintable(text));
            const Record& r = controller.data().records()[model.recordAt(row)];
            const QStringList parts = text.split(QLatin1Char('.'));
            const std::int64_t nanos =
                parts[0].toLongLong() * 1'000'000'000 + parts[1].toLongLong() * 1'000;
            QVERIFY(std::llabs(nanos - r.time.nanos()) <= 500);
            QCOMPARE(model.data(cell, Qt::ToolTipRole).toString(),
                     QString::fromStdString(formatDuration(r.time)));
        }
        QCOMPARE(EventLogModel::timeText(SimTime::fromMillis(680)), QStringLiteral("0.680000"));
        QCOMPARE(EventLogModel::timeText(SimTime::fromSeconds(3600)),
                 QStringLiteral("3600.000000"));
    }

    void clickingARowMovesTheCursorAndSelectsItsMessage() {
        SessionController controller;
        LogView view(controller);
        view.resize(900, 400);
        view.show();
        QVERIFY(test::openAndFinish(controller, QStringLiteral("scenarios/hello-pubsub.json")));
        view.setFilter(QStringLiteral("msg:12"));
        QVERIFY(view.model().rowCount() > 2);
        const QModelIndex index = view.model().index(2, EventLogModel::Kind);
        const QRect rect = view.table().visualRect(index);
        QTest::mouseClick(view.table().viewport(), Qt::LeftButton, {}, rect.center());
        const Record& r = controller.data().records()[view.model().recordAt(2)];
        QCOMPARE(controller.cursor(), r.time);
        QCOMPARE(controller.selection().id, 12u);
    }

    void recordsArriveWithoutAReset() {
        SessionController controller;
        LogView view(controller);
        QAbstractItemModelTester tester(&view.model(),
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        QString errors;
        QVERIFY(controller.openFile(
            test::sourcePath(QStringLiteral("scenarios/slow-consumer-overflow.json")), &errors));
        controller.runToEnd(); // many batches, each appended
        QCOMPARE(static_cast<std::size_t>(view.model().rowCount()),
                 controller.data().records().size());
    }
};

EVSIM_GUI_TEST(LogViewTest, "log_view")
#include "log_view_test.moc"
