#include "gui/app/bundled_scenarios.h"
#include "gui/app/command_line.h"
#include "gui/app/main_window.h"
#include "gui/app/scenario_card.h"
#include "gui/app/screenshot.h"
#include "gui/app/start_page.h"
#include "gui/app/view_registry.h"
#include "gui/control/inject_menu.h"
#include "gui/control/session_controller.h"
#include "gui/models/comparison_model.h"
#include "gui/models/event_log_model.h"
#include "gui/theme/theme.h"
#include "gui/views/compare/compare_view.h"
#include "gui/views/log/log_view.h"
#include "gui/views/topology/legend_bar.h"
#include "gui/views/topology/topology_view.h"
#include "tests/gui/gui_test_support.h"

#include <QAbstractSpinBox>
#include <QApplication>
#include <QDialog>
#include <QDir>
#include <QDockWidget>
#include <QFile>
#include <QGraphicsView>
#include <QImage>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLineEdit>
#include <QMenu>
#include <QMenuBar>
#include <QMessageBox>
#include <QPlainTextEdit>
#include <QPointer>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QStatusBar>
#include <QTabBar>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>

using namespace evsim;
using namespace evsim::gui;

class MainWindowTest : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }

    void everyMalformedFileShowsADialogAndTheAppGoesOn() {
        SessionController controller;
        MainWindow window(controller);
        window.show();
        QVERIFY(window.openFile(test::sourcePath(QStringLiteral("scenarios/hello-pubsub.json"))));
        const QStringList files =
            QDir(test::sourcePath(QStringLiteral("fixtures/malformed")))
                .entryList({QStringLiteral("*.json")}, QDir::Files, QDir::Name);
        QVERIFY(files.size() > 20);
        test::DialogCatcher catcher;
        int dialogs = 0;
        for (const QString& file : files) {
            const QString path = test::sourcePath(QStringLiteral("fixtures/malformed/") + file);
            QVERIFY2(!window.openFile(path), qPrintable(file));
            QCOMPARE(catcher.seen(), ++dialogs);
            // The dialog names the file with a line and the error's code.
            QVERIFY2(catcher.lastText().contains(file + QLatin1Char(':')),
                     qPrintable(catcher.lastText()));
            QVERIFY(controller.filePath().endsWith(QStringLiteral("hello-pubsub.json")));
        }
        QVERIFY(window.isVisible());
    }

    // At a laptop's 1280x720 and a desktop's 1920x1080, the first layout gives the canvas more
    // of the window than any dock, and its labels stay at their full size.
    void theCanvasGetsTheLargestShareOfTheWindow() {
        for (const QSize size : {QSize(1280, 720), QSize(1920, 1080)}) {
            QSettings().remove(QStringLiteral("window")); // no saved layout
            SessionController controller;
            MainWindow window(controller);
            window.resize(size);
            window.show();
            QVERIFY(
                window.openFile(test::sourcePath(QStringLiteral("scenarios/hello-pubsub.json"))));
            QApplication::processEvents();
            const QWidget* canvas = window.viewWidget(QStringLiteral("topology"));
            const auto area = [](const QWidget* w) {
                return w->width() * w->height();
            };
            QVERIFY(canvas->width() * 2 > size.width());
            for (const QDockWidget* dock : window.findChildren<QDockWidget*>()) {
                if (dock->isVisible() && !dock->visibleRegion().isEmpty()) {
                    QVERIFY2(area(canvas) > area(dock),
                             qPrintable(QStringLiteral("%1x%2: %3 is %4x%5, the canvas %6x%7")
                                            .arg(size.width())
                                            .arg(size.height())
                                            .arg(dock->objectName())
                                            .arg(dock->width())
                                            .arg(dock->height())
                                            .arg(canvas->width())
                                            .arg(canvas->height())));
                }
            }
            // Every dock's tab shows its whole name: nothing is elided ("Propert…").
            for (const QTabBar* tabs : window.findChildren<QTabBar*>()) {
                if (!tabs->isVisible()) {
                    continue;
                }
                for (int i = 0; i < tabs->count(); ++i) {
                    const int needed = tabs->fontMetrics().horizontalAdvance(tabs->tabText(i));
                    QVERIFY2(tabs->tabRect(i).width() > needed &&
                                 tabs->tabRect(i).right() <= tabs->width(),
                             qPrintable(QStringLiteral("%1x%2: tab %3 is %4 px for %5 px of text")
                                            .arg(size.width())
                                            .arg(size.height())
                                            .arg(tabs->tabText(i))
                                            .arg(tabs->tabRect(i).width())
                                            .arg(needed)));
                }
            }
            // At a laptop's width the inspector has the right side to itself, and the views
            // of the left column are tabs below, beside the sequence.
            if (size.width() < 1600) {
                const auto* inspector = window.findChild<QDockWidget*>(QStringLiteral("inspector"));
                QVERIFY(inspector != nullptr);
                QVERIFY(window.tabifiedDockWidgets(const_cast<QDockWidget*>(inspector)).isEmpty());
                for (const char* name : {"scenario", "interventions", "properties"}) {
                    auto* dock = window.findChild<QDockWidget*>(QLatin1String(name));
                    QVERIFY(dock != nullptr);
                    QCOMPARE(window.dockWidgetArea(dock), Qt::BottomDockWidgetArea);
                }
            }
            // The bundled scenario fits at full size: names and figures at their font's size.
            auto* view = window.findChild<QGraphicsView*>(QStringLiteral("topologyCanvas"));
            QVERIFY(view != nullptr);
            QVERIFY2(view->transform().m11() >= 0.99,
                     qPrintable(QString::number(view->transform().m11())));
        }
    }

    // A run of 200 event types: the key names as many as there are token colours and counts
    // the rest, so it stays as tall as with a few types and the canvas keeps its room.
    void aKeyOfManyEventTypesStaysAFewLinesTall() {
        LegendBar few;
        LegendBar many;
        QStringList types;
        for (int i = 0; i < 200; ++i) {
            types << QStringLiteral("OrderEvent%1").arg(i);
        }
        few.setEventTypes(types.mid(0, 8));
        many.setEventTypes(types);
        for (const int width : {1280, 800}) {
            QVERIFY2(many.heightForWidth(width) <= few.heightForWidth(width) + 30,
                     qPrintable(QStringLiteral("%1 px wide: %2 px tall")
                                    .arg(width)
                                    .arg(many.heightForWidth(width))));
        }
        QCOMPARE(many.eventTypes().size(), 200);
    }

    // A system of 200 event types still fits a 1280x720 window: the key under the canvas is
    // as tall as its entries need at the width it has, not at the narrowest width a layout
    // tries (where it was an entry a line, and the picture 815 px tall).
    void aRunOfManyEventTypesFitsA1280x720Window() {
        QTemporaryDir dir;
        QSettings().remove(QStringLiteral("window"));
        Theme::apply(*qApp, Theme::Mode::Light); // as evsim-gui starts: its style's sizes
        SessionController controller;
        MainWindow window(controller);
        CommandLine line;
        line.file = test::writeDomainsScenario(dir.path());
        line.screenshot = dir.filePath(QStringLiteral("all.png"));
        line.size = QSize(1280, 720);
        QCOMPARE(takeScreenshot(window, controller, line), 0);
        QCOMPARE(QImage(line.screenshot).size(), QSize(1280, 720));
        QVERIFY2(window.minimumSizeHint().height() <= 720,
                 qPrintable(QString::number(window.minimumSizeHint().height())));
    }

    // The start page: the bundled scenarios as cards, the default first, then the others; the
    // recent files that still exist above them; a click opens one.
    void theStartPageShowsTheScenariosAsCardsTheDefaultFirstAndRecentFiles() {
        QTemporaryDir dir;
        const QString kept = dir.filePath(QStringLiteral("mine.json"));
        QVERIFY(QFile::copy(test::sourcePath(QStringLiteral("scenarios/hello-pubsub.json")), kept));
        QSettings().setValue(QStringLiteral("files/recent"),
                             QStringList{kept, dir.filePath(QStringLiteral("gone.json"))});
        StartPage page;
        page.resize(1280, 720);
        page.show();
        const QList<ScenarioCard*> cards =
            page.findChildren<ScenarioCard*>(QStringLiteral("scenarioCard"));
        QCOMPARE(cards.size(), bundledScenarios().size());
        QVERIFY(cards.size() >= 8);
        QVERIFY(cards.front()->path().endsWith(QLatin1String(StartPage::kDefaultScenario)));
        QVERIFY(cards.front()->title().contains(QStringLiteral("start here")));
        for (const ScenarioCard* card : cards) {
            QVERIFY(!card->description().isEmpty());
        }
        const QList<ScenarioCard*> recent =
            page.findChildren<ScenarioCard*>(QStringLiteral("recentFile"));
        QCOMPARE(recent.size(), 1); // the file that is gone is not offered
        QCOMPARE(recent.front()->path(), kept);
        QSignalSpy opened(&page, &StartPage::openRequested);
        QTest::mouseClick(cards[1], Qt::LeftButton);
        QTest::mouseClick(recent.front(), Qt::LeftButton);
        QCOMPARE(opened.size(), 2);
        QCOMPARE(opened[0][0].toString(), cards[1]->path());
        QCOMPARE(opened[1][0].toString(), kept);
        if (const QByteArray out = qgetenv("EVSIM_PICTURES"); !out.isEmpty()) {
            QApplication::processEvents();
            page.grab().save(QString::fromLocal8Bit(out) + QStringLiteral("/start-page.png"));
        }
        QSettings().remove(QStringLiteral("files/recent"));
    }

    void everyViewHasAWidget() {
        SessionController controller;
        MainWindow window(controller);
        for (const QString& name : MainWindow::viewNames()) {
            QVERIFY2(window.viewWidget(name) != nullptr, qPrintable(name));
            QVERIFY(window.showView(name));
        }
        QVERIFY(!window.showView(QStringLiteral("no-such-view")));
    }

    void everyDockedViewIsInTheDocksTheViewMenuTheShortcutsAndTheHelp() {
        SessionController controller;
        MainWindow window(controller);
        window.show();
        QMenu* viewMenu = nullptr;
        QMenu* helpMenu = nullptr;
        for (QAction* a : window.menuBar()->actions()) {
            if (a->text() == QStringLiteral("&View")) {
                viewMenu = a->menu();
            } else if (a->text() == QStringLiteral("&Help")) {
                helpMenu = a->menu();
            }
        }
        QVERIFY(viewMenu != nullptr && helpMenu != nullptr);
        QStringList toggles;
        for (QAction* a : viewMenu->actions()) {
            toggles << a->text();
        }
        test::DialogCatcher catcher;
        for (QAction* a : helpMenu->actions()) {
            if (a->shortcut() == QKeySequence(QKeySequence::HelpContents)) {
                a->trigger();
            }
        }
        QCOMPARE(catcher.seen(), 1);
        const QString help = catcher.lastText();
        QStringList names;
        for (const ViewEntry& view : dockedViews()) {
            names << view.name;
            auto* dock = window.findChild<QDockWidget*>(view.name);
            QVERIFY2(dock != nullptr, qPrintable(view.name));
            QCOMPARE(dock->windowTitle(), viewTitle(view));
            QVERIFY2(toggles.contains(viewTitle(view)), qPrintable(view.name)); // can come back
            dock->close();
            QVERIFY(!dock->isVisible());
            if (view.altKey == 0) {
                continue;
            }
            auto* show = window.findChild<QAction*>(QStringLiteral("show-") + view.name);
            QVERIFY2(show != nullptr, qPrintable(view.name));
            const QKeySequence keys(Qt::ALT | static_cast<Qt::Key>(Qt::Key_0 + view.altKey));
            QCOMPARE(show->shortcut(), keys);
            show->trigger();
            QVERIFY2(dock->isVisible(), qPrintable(view.name));
            const QString row = QStringLiteral("<tr><td>Bring forward: %1</td><td>%2</td></tr>")
                                    .arg(viewTitle(view), keys.toString(QKeySequence::NativeText));
            QVERIFY2(help.contains(row), qPrintable(row + QStringLiteral(" in ") + help));
        }
        QCOMPARE(MainWindow::viewNames(), QStringList{QStringLiteral("topology")} + names);
    }

    void theInjectMenuOffersFaultsForEveryService() {
        SessionController controller;
        MainWindow window(controller);
        window.show();
        QVERIFY(window.openFile(test::sourcePath(QStringLiteral("scenarios/hello-pubsub.json"))));
        controller.runToEnd();
        QMenu* inject = nullptr;
        for (QAction* a : window.menuBar()->actions()) {
            if (a->text() == QStringLiteral("&Inject")) {
                inject = a->menu();
            }
        }
        QVERIFY(inject != nullptr);
        Q_EMIT inject->aboutToShow();
        QStringList services;
        for (QAction* a : inject->actions()) {
            if (a->text() == QStringLiteral("&Service")) {
                for (QAction* s : a->menu()->actions()) {
                    services << s->text();
                    QVERIFY(!s->menu()->actions().isEmpty());
                }
            }
        }
        QCOMPARE(services, (QStringList{QStringLiteral("order-service"), QStringLiteral("billing"),
                                        QStringLiteral("email")}));
    }

    void closingWithUnsavedInterventionsStaysOpenUnlessTheyAreSaved() {
        SessionController controller;
        MainWindow window(controller);
        window.show();
        QVERIFY(window.openFile(test::sourcePath(QStringLiteral("scenarios/hello-pubsub.json"))));
        QCOMPARE(controller.inject({Intervention(
                     SimTime::fromSeconds(2), Crash{InstanceTarget{"billing", 0}, std::nullopt})}),
                 QString());
        // The user answers "Save" and then cancels the file dialog: nothing was saved, so the
        // window must not close and take the interventions with it.
        QStringList seen;
        QTimer answer;
        answer.setInterval(20);
        connect(&answer, &QTimer::timeout, &window, [&] {
            auto* dialog = qobject_cast<QDialog*>(QApplication::activeModalWidget());
            if (dialog == nullptr) {
                return;
            }
            seen << QString::fromLatin1(dialog->metaObject()->className());
            if (auto* box = qobject_cast<QMessageBox*>(dialog)) {
                box->button(QMessageBox::Save)->click();
            } else {
                dialog->reject();
            }
        });
        answer.start();
        QVERIFY(!window.close());
        QVERIFY(window.isVisible());
        QCOMPARE(seen, (QStringList{QStringLiteral("QMessageBox"), QStringLiteral("QFileDialog")}));
        QCOMPARE(controller.session().added().size(), std::size_t{1});
    }

    // Qt binds no key to Save As on a Linux desktop that is neither KDE nor GNOME (and none
    // under the offscreen platform), so the menu must bring its own.
    void saveSessionAsAnswersCtrlShiftS() {
        SessionController controller;
        MainWindow window(controller);
        QAction* saveAs = nullptr;
        for (QAction* a : window.findChildren<QAction*>()) {
            if (a->text() == QStringLiteral("Save Session &As…")) {
                saveAs = a;
            }
        }
        QVERIFY(saveAs != nullptr);
        QVERIFY(saveAs->shortcuts().contains(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_S)));
    }

    // After Ctrl+F the log's filter has the keyboard, and Space types a space there; Escape
    // gives the keyboard back to the canvas, where Space plays again. The filter keeps its text.
    void escapeInATextFieldHandsTheKeyboardBackToTheCanvas() {
        SessionController controller;
        MainWindow window(controller);
        QVERIFY(test::openAndFinish(controller, QStringLiteral("scenarios/hello-pubsub.json")));
        window.show();
        window.activateWindow();
        QVERIFY(QTest::qWaitForWindowActive(&window));
        QVERIFY(window.showView(QStringLiteral("log")));
        QTest::keyClick(&window, Qt::Key_F, Qt::ControlModifier);
        auto* filter = qobject_cast<QLineEdit*>(QApplication::focusWidget());
        QVERIFY(filter != nullptr);
        QTest::keyClicks(filter, QStringLiteral("kind:acked"));
        QTest::keyClick(filter, Qt::Key_Space);
        QCOMPARE(filter->text(), QStringLiteral("kind:acked "));
        QVERIFY(!controller.playing());

        QTest::keyClick(filter, Qt::Key_Escape);
        auto* topology = window.findChild<TopologyView*>();
        QVERIFY(topology != nullptr);
        QCOMPARE(QApplication::focusWidget(), static_cast<QWidget*>(&topology->canvas()));
        QCOMPARE(filter->text(), QStringLiteral("kind:acked "));
        QTest::keyClick(QApplication::focusWidget(), Qt::Key_Space);
        QVERIFY(controller.playing());

        // The playback keys work from every view that takes the keyboard, not only the canvas.
        int checked = 0;
        for (const QString& name : MainWindow::viewNames()) {
            QVERIFY(window.showView(name));
            QWidget* view = window.viewWidget(name);
            QWidget* focusable = view->focusPolicy() != Qt::NoFocus ? view : nullptr;
            for (QWidget* child : view->findChildren<QWidget*>()) {
                if (focusable == nullptr && child->isVisible() &&
                    child->focusPolicy() != Qt::NoFocus &&
                    qobject_cast<QLineEdit*>(child) == nullptr &&
                    qobject_cast<QAbstractSpinBox*>(child) == nullptr) { // text fields take Space
                    focusable = child;
                }
            }
            if (focusable == nullptr) {
                continue;
            }
            focusable->setFocus(Qt::OtherFocusReason);
            const bool before = controller.playing();
            ++checked;
            QTest::keyClick(focusable, Qt::Key_Space);
            QVERIFY2(controller.playing() != before,
                     qPrintable(name + QStringLiteral(": ") +
                                QString::fromLatin1(focusable->metaObject()->className())));
        }
        QCOMPARE(checked, MainWindow::viewNames().size()); // each has a focusable widget
    }

    // Switching theme while the app runs gives the same picture, pixel for pixel, as starting
    // in that theme: every view recolours, none keeps a colour it worked out before (cached
    // node pictures, toolbar icons). Both ways: light to dark and dark to light.
    void aLiveThemeSwitchLooksAsStartingInThatTheme() {
        const int flash = QApplication::cursorFlashTime();
        QApplication::setCursorFlashTime(0); // a text cursor that blinks differs picture to picture
        const auto picture = [](Theme::Mode first, Theme::Mode then) {
            Theme::apply(*qApp, first);
            SessionController controller;
            MainWindow window(controller);
            window.resize(1600, 1000);
            window.show();
            if (!test::openAndFinish(controller, QStringLiteral("scenarios/hello-pubsub.json"))) {
                return std::vector<QImage>();
            }
            controller.setCursor(SimTime::fromSeconds(3));
            // The report names the run's wall time, whose width moves its scroll bar.
            window.findChild<QPlainTextEdit*>(QStringLiteral("report"))
                ->setPlainText(QStringLiteral("the same report in both pictures"));
            for (const QString& name : MainWindow::viewNames()) {
                window.showView(name);
                QApplication::processEvents();
                (void)window.grab(); // everything drawn once in the first theme
            }
            Theme::apply(*qApp, then);
            QApplication::processEvents();
            // Every view brought forward in turn (a tabbed dock behind another is not drawn).
            std::vector<QImage> views;
            for (const QString& name : MainWindow::viewNames()) {
                window.showView(name);
                QApplication::processEvents();
                // Above the status bar, which also names the run's wall time.
                views.push_back(
                    window.grab(QRect(0, 0, window.width(), window.statusBar()->y())).toImage());
            }
            return views;
        };
        for (const auto& [from, to] : {std::pair{Theme::Mode::Light, Theme::Mode::Dark},
                                       std::pair{Theme::Mode::Dark, Theme::Mode::Light}}) {
            const std::vector<QImage> lives = picture(from, to);
            const std::vector<QImage> starts = picture(to, to);
            QCOMPARE(lives.size(), static_cast<std::size_t>(MainWindow::viewNames().size()));
            QCOMPARE(starts.size(), lives.size());
            int differing = 0;
            for (std::size_t v = 0; v < lives.size(); ++v) {
                const QImage& live = lives[v];
                const QImage& started = starts[v];
                QCOMPARE(live.size(), started.size());
                QImage diff(live.size(), QImage::Format_RGB32);
                diff.fill(Qt::black);
                int here = 0;
                QRect where;
                for (int y = 0; y < live.height(); ++y) {
                    for (int x = 0; x < live.width(); ++x) {
                        if (live.pixel(x, y) != started.pixel(x, y)) {
                            ++here;
                            diff.setPixel(x, y, live.pixel(x, y));
                            where |= QRect(x, y, 1, 1);
                        }
                    }
                }
                if (here != 0) { // what stayed behind, to look at
                    const QString view = MainWindow::viewNames()[static_cast<int>(v)];
                    diff.save(QDir::tempPath() +
                              QStringLiteral("/evsim_theme_diff_%1.png").arg(view));
                    qWarning("%s: %d pixels differ in %d,%d %dx%d", qPrintable(view), here,
                             where.x(), where.y(), where.width(), where.height());
                }
                differing += here;
            }
            QCOMPARE(differing, 0);
        }
        Theme::apply(*qApp, Theme::Mode::Light);
        QApplication::setCursorFlashTime(flash);
    }

    // The dialog that asks how long names what the fault is done to, in its title and its
    // question, for an instance, a link and the broker.
    void aDurationDialogNamesItsTarget() {
        SessionController controller;
        MainWindow window(controller);
        QVERIFY(test::openAndFinish(controller, QStringLiteral("scenarios/hello-pubsub.json")));
        const EntityTable& entities = controller.data().entities();
        const std::pair<EntityId, QString> cases[] = {
            {entities.find(EntityKind::Instance, "billing#1"), QStringLiteral("Pause")},
            {entities.find(EntityKind::Broker, "broker"), QStringLiteral("Restart the broker")}};
        for (const auto& [target, verb] : cases) {
            QVERIFY(target != kNoEntity);
            const QString name = QString::fromStdString(entities[target].name);
            QMenu menu;
            QVERIFY(fillInjectMenu(menu, controller, target, &window) > 0);
            QAction* asking = nullptr;
            for (QAction* a : menu.actions()) {
                if (a->text().startsWith(verb) && a->text().endsWith(QChar(0x2026))) {
                    asking = a;
                }
            }
            QVERIFY2(asking != nullptr, qPrintable(verb));
            test::DialogCatcher catcher;
            asking->trigger(); // the dialog is cancelled
            QCOMPARE(catcher.seen(), 1);
            const QStringList lines = catcher.lastText().split(QLatin1Char('\n'));
            QVERIFY2(lines.front().endsWith(QStringLiteral(" · ") + name),
                     qPrintable(lines.front()));
            QVERIFY2(lines.back().startsWith(name + QStringLiteral(": ")) &&
                         lines.back().contains(QStringLiteral(" for how long?")),
                     qPrintable(lines.back()));
            QVERIFY(controller.session().added().empty());
        }
    }

    void theUnsavedMarkComesWithAnInterventionAndGoesWhenSaved() {
        SessionController controller;
        MainWindow window(controller);
        QVERIFY(window.openFile(test::sourcePath(QStringLiteral("scenarios/hello-pubsub.json"))));
        QVERIFY(!window.windowTitle().startsWith(QStringLiteral("• ")));
        QCOMPARE(controller.inject({Intervention(
                     SimTime::fromSeconds(2), Crash{InstanceTarget{"billing", 0}, std::nullopt})}),
                 QString());
        QVERIFY(window.windowTitle().startsWith(QStringLiteral("• ")));
        QTemporaryDir dir;
        QVERIFY(controller.saveSessionAs(dir.filePath(QStringLiteral("saved.json"))).ok());
        QVERIFY(!window.windowTitle().startsWith(QStringLiteral("• ")));
        QCOMPARE(controller.session().added().size(), std::size_t{1}); // still shown, now saved
    }

    // Run B of a comparison opens in a window of its own: A's session (its intervention
    // too) with B's seed, run to the digest the comparison computed, with the record where
    // the runs part selected there as in A; closing it keeps the main window's saved layout.
    void runBOpensInAWindowOfItsOwnWithThePartingSelectedInBoth() {
        SessionController controller;
        MainWindow window(controller);
        QVERIFY(window.openFile(test::sourcePath(QStringLiteral("scenarios/hello-pubsub.json"))));
        QCOMPARE(controller.inject({Intervention(SimTime::fromSeconds(3),
                                                 Crash{InstanceTarget{"email", 0}, std::nullopt})}),
                 QString());
        controller.runToEnd();
        QCOMPARE(window.compareWith(QStringLiteral("7")), QString());
        const auto* compare = window.findChild<CompareView*>();
        QVERIFY(compare != nullptr);
        const std::optional<std::size_t> parting = compare->firstDifference();
        QVERIFY(parting.has_value());
        QSettings().setValue(QStringLiteral("window/state"), QByteArray("the main window's"));

        QPointer<MainWindow> b = window.openRunB();
        QVERIFY(b != nullptr);
        auto* other = b->findChild<SessionController*>(QString(), Qt::FindDirectChildrenOnly);
        QVERIFY(other != nullptr);
        other->runToEnd();
        QVERIFY(b->windowTitle().startsWith(QStringLiteral("Run B (this session): ")));
        QCOMPARE(other->session().seed, std::optional<std::uint64_t>(7));
        QCOMPARE(other->session().added().size(), std::size_t{1});
        QCOMPARE(other->data().digest(), compare->model().comparison().digestB);
        QVERIFY(other->data().digest() != controller.data().digest());

        for (SessionController* run : {&controller, other}) {
            QCOMPARE(run->selection().kind, Selection::Kind::Record);
            QCOMPARE(run->selection().record, *parting);
            QCOMPARE(run->cursor(), run->data().records()[*parting].time);
        }
        QVERIFY(b->showView(QStringLiteral("log")));
        auto* log = b->findChild<LogView*>();
        QVERIFY(log != nullptr);
        const QModelIndex current = log->table().currentIndex();
        QVERIFY(current.isValid());
        QCOMPARE(log->model().recordAt(current.row()), *parting);

        b->close();
        QCoreApplication::sendPostedEvents(nullptr, QEvent::DeferredDelete);
        QVERIFY(b.isNull());
        QCOMPARE(QSettings().value(QStringLiteral("window/state")).toByteArray(),
                 QByteArray("the main window's"));
        QVERIFY(controller.hasSession()); // A goes on
    }

    // Open (the dialog, Open Recent and a drop all end in MainWindow::openFile) asks about
    // unsaved interventions as closing does: Cancel keeps the session, Discard opens.
    void openingAnotherFileAsksAboutUnsavedInterventions() {
        SessionController controller;
        MainWindow window(controller);
        window.show();
        const QString first = test::sourcePath(QStringLiteral("scenarios/hello-pubsub.json"));
        const QString second =
            test::sourcePath(QStringLiteral("scenarios/poison-message-dlq.json"));
        QVERIFY(window.openFile(first));
        QCOMPARE(controller.inject({Intervention(
                     SimTime::fromSeconds(2), Crash{InstanceTarget{"billing", 0}, std::nullopt})}),
                 QString());
        QMessageBox::StandardButton press = QMessageBox::Cancel;
        int asked = 0;
        QTimer answer;
        answer.setInterval(20);
        connect(&answer, &QTimer::timeout, &window, [&] {
            if (auto* box = qobject_cast<QMessageBox*>(QApplication::activeModalWidget())) {
                ++asked;
                box->button(press)->click();
            }
        });
        answer.start();
        QVERIFY(!window.openFile(second));
        QCOMPARE(asked, 1);
        QCOMPARE(controller.filePath(), first);
        QCOMPARE(controller.session().added().size(), std::size_t{1});
        press = QMessageBox::Discard;
        QVERIFY(window.openFile(second));
        QCOMPARE(asked, 2);
        QCOMPARE(controller.filePath(), second);
        QVERIFY(controller.session().added().empty());
        QVERIFY(!controller.unsaved());
    }

    void screenshotsOfEveryViewAreWritten() {
        QTemporaryDir dir;
        QStringList views = MainWindow::viewNames();
        views << QStringLiteral("all");
        for (const QString& view : views) {
            SessionController controller;
            MainWindow window(controller);
            CommandLine line;
            line.file = test::sourcePath(QStringLiteral("scenarios/hello-pubsub.json"));
            line.screenshot = dir.filePath(view + QStringLiteral(".png"));
            line.view = view;
            line.size = QSize(900, 600);
            line.at = SimTime::fromSeconds(3);
            QCOMPARE(takeScreenshot(window, controller, line), 0);
            const QImage image(line.screenshot);
            QVERIFY2(!image.isNull(), qPrintable(view));
            QVERIFY(image.width() >= 200);
            QCOMPARE(controller.cursor(), SimTime::fromSeconds(3));
        }
    }

    // --focus: the picture selects the node it names; a name that matches none fails with 2.
    void aScreenshotFocusesTheNodeItNames() {
        QTemporaryDir dir;
        for (const auto& [name, code] :
             {std::pair{QStringLiteral("billing.orders"), 0}, {QStringLiteral("payments"), 2}}) {
            SessionController controller;
            MainWindow window(controller);
            CommandLine line;
            line.file = test::sourcePath(QStringLiteral("scenarios/hello-pubsub.json"));
            line.screenshot = dir.filePath(QStringLiteral("focus.png"));
            line.view = QStringLiteral("topology");
            line.size = QSize(900, 600);
            line.focus = name;
            QCOMPARE(takeScreenshot(window, controller, line), code);
            if (code == 0) {
                QCOMPARE(controller.selection().kind, Selection::Kind::Entity);
                QCOMPARE(QString::fromStdString(
                             controller.data().entities()[controller.selection().id].name),
                         name);
            }
        }
        int exitCode = 0;
        const auto parsed = parseCommandLine({QStringLiteral("evsim-gui"), QStringLiteral("a.json"),
                                              QStringLiteral("--focus"), QStringLiteral("billing")},
                                             exitCode);
        QVERIFY(parsed.has_value());
        QCOMPARE(parsed->focus, QStringLiteral("billing"));
    }

    void badCommandLinesAreRefusedWithExit2() {
        int code = 0;
        QVERIFY(!parseCommandLine({QStringLiteral("evsim-gui"), QStringLiteral("--size"),
                                   QStringLiteral("big"), QStringLiteral("a.json")},
                                  code));
        QCOMPARE(code, 2);
        QVERIFY(!parseCommandLine({QStringLiteral("evsim-gui"), QStringLiteral("--at"),
                                   QStringLiteral("5"), QStringLiteral("a.json")},
                                  code));
        QCOMPARE(code, 2);
        QVERIFY(!parseCommandLine(
            {QStringLiteral("evsim-gui"), QStringLiteral("--screenshot"), QStringLiteral("x.png")},
            code));
        QCOMPARE(code, 2);
        QVERIFY(!parseCommandLine({QStringLiteral("evsim-gui"), QStringLiteral("a.json"),
                                   QStringLiteral("--group"), QStringLiteral("domain")},
                                  code));
        QCOMPARE(code, 2);
        const auto ok = parseCommandLine({QStringLiteral("evsim-gui"), QStringLiteral("a.json"),
                                          QStringLiteral("--at"), QStringLiteral("4.5s"),
                                          QStringLiteral("--theme"), QStringLiteral("dark"),
                                          QStringLiteral("--group"), QStringLiteral("prefix")},
                                         code);
        QVERIFY(ok.has_value());
        QCOMPARE(*ok->at, SimTime::fromMillis(4500));
        QCOMPARE(ok->group, QStringLiteral("prefix"));
    }
};

EVSIM_GUI_TEST(MainWindowTest, "main_window")
#include "main_window_test.moc"
