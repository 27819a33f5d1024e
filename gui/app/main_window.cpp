#include "gui/app/main_window.h"

#include "gui/app/file_commands.h"
#include "gui/app/playback_bar.h"
#include "gui/app/run_status.h"
#include "gui/app/start_page.h"
#include "gui/app/view_registry.h"
#include "gui/control/inject_menu.h"
#include "gui/control/session_controller.h"
#include "gui/theme/theme.h"
#include "gui/views/compare/compare_view.h"
#include "gui/views/timeline/timeline_widget.h"
#include "gui/views/topology/topology_view.h"
#include "simulator/broker/broker_factory.h"

#include <QAbstractItemView>
#include <QAbstractSpinBox>
#include <QActionGroup>
#include <QApplication>
#include <QCloseEvent>
#include <QDockWidget>
#include <QFileInfo>
#include <QGraphicsView>
#include <QKeyEvent>
#include <QLineEdit>
#include <QMenuBar>
#include <QMessageBox>
#include <QMimeData>
#include <QPlainTextEdit>
#include <QSettings>
#include <QSplitter>
#include <QStackedWidget>
#include <QStatusBar>
#include <QUrl>
#include <map>
#include <vector>

namespace evsim::gui {

MainWindow::MainWindow(SessionController& controller, QWidget* parent)
    : QMainWindow(parent), m_controller(controller) {
    setObjectName(QStringLiteral("MainWindow"));
    setAcceptDrops(true);
    setDockOptions(AnimatedDocks | AllowTabbedDocks | AllowNestedDocks);
    m_center = new QStackedWidget(this);
    m_files = new FileCommands(controller, *this, [this] { return focusedView(); });
    m_startPage = new StartPage(this);
    connect(m_startPage, &StartPage::openRequested, m_files, &FileCommands::open);
    connect(m_startPage, &StartPage::browseRequested, m_files, &FileCommands::openDialog);
    auto* canvas = new QSplitter(Qt::Vertical, this);
    m_topology = new TopologyView(controller, canvas);
    m_timeline = new TimelineWidget(controller, canvas);
    canvas->addWidget(m_topology);
    canvas->addWidget(m_timeline);
    canvas->setStretchFactor(0, 1);
    canvas->setStretchFactor(1, 0);
    canvas->setCollapsible(1, false);
    m_center->addWidget(m_startPage);
    m_center->addWidget(canvas);
    setCentralWidget(m_center);

    m_playback = new PlaybackBar(controller, this);
    addToolBar(m_playback);
    buildDocks(); // before the menus, which list the docks
    buildMenus();
    m_status = new RunStatus(controller, *statusBar());
    qApp->installEventFilter(this);

    connect(&controller, &SessionController::sessionOpened, this, [this] {
        m_center->setCurrentIndex(1);
        updateTitle();
    });
    connect(&controller, &SessionController::fileChangedOnDisk, this, [this] {
        statusBar()->showMessage(tr("Reloaded %1 after it changed on disk")
                                     .arg(QFileInfo(m_controller.filePath()).fileName()),
                                 5000);
    });
    connect(&controller, &SessionController::unsavedChanged, this, &MainWindow::updateTitle);
    connect(&controller, &SessionController::runFinished, this, [this] {
        if (m_controller.data().stop() == RunStop::Failed) {
            QMessageBox::critical(
                this, tr("The run failed"),
                tr("The run stopped: %1\n\nWhat it computed until then is shown. This is a "
                   "bug in EventSim or in a consumer handler, not in the scenario: please "
                   "report it with the scenario and the seed.")
                    .arg(QString::fromStdString(m_controller.data().failure())));
        }
    });

    if (auto* compare = findChild<CompareView*>()) {
        connect(compare, &CompareView::openOtherRequested, this, &MainWindow::openRunB);
    }

    QSettings settings;
    restoreGeometry(settings.value(QStringLiteral("window/geometry")).toByteArray());
    m_arrangeOnShow = !restoreState(settings.value(QStringLiteral("window/state")).toByteArray());
    if (!settings.contains(QStringLiteral("window/geometry"))) {
        resize(1400, 900);
    }
    updateTitle();
}

MainWindow* MainWindow::openRunB() {
    auto* compare = findChild<CompareView*>();
    if (compare == nullptr || compare->otherSession() == nullptr) {
        return nullptr;
    }
    // The window owns B's controller; as its last child, the controller outlives the views.
    auto* controller = new SessionController;
    auto* window = new MainWindow(*controller);
    controller->setParent(window);
    window->setAttribute(Qt::WA_DeleteOnClose);
    window->m_runLabel = tr("Run B (%1)").arg(compare->otherName());
    const std::optional<std::size_t> parting = compare->firstDifference();
    if (parting) {
        compare->showFirstDifference();
        connect(
            controller, &SessionController::runFinished, window,
            [controller, index = *parting] {
                const auto& records = controller->data().records();
                if (index < records.size()) {
                    controller->setCursor(records[index].time);
                    controller->select({Selection::Kind::Record, messageOf(records[index]), index});
                }
            },
            Qt::SingleShotConnection);
    }
    controller->openSession(*compare->otherSession());
    window->resize(size());
    window->move(pos() + QPoint(40, 40));
    window->show();
    return window;
}

QStringList MainWindow::viewNames() {
    QStringList names{QStringLiteral("topology")};
    for (const ViewEntry& view : dockedViews()) {
        names << view.name;
    }
    return names;
}

QWidget* MainWindow::viewWidget(const QString& name) const {
    if (name == QLatin1String("topology")) {
        return m_center->currentWidget();
    }
    for (QDockWidget* dock : m_docks) {
        if (dock->objectName() == name) {
            return dock->widget();
        }
    }
    return nullptr;
}

QString MainWindow::compareWith(const QString& seedOrFile) {
    showView(QStringLiteral("compare"));
    auto* compare = findChild<CompareView*>();
    if (compare == nullptr) {
        return tr("the Compare view could not be shown");
    }
    bool isSeed = false;
    const qulonglong seed = seedOrFile.toULongLong(&isSeed);
    return isSeed ? compare->compareWithSeed(seed) : compare->compareWithFile(seedOrFile);
}

bool MainWindow::showView(const QString& name) {
    if (name == QLatin1String("topology")) {
        return true;
    }
    for (QDockWidget* dock : m_docks) {
        if (dock->objectName() == name) {
            dock->show();
            dock->raise();
            return true;
        }
    }
    return false;
}

void MainWindow::buildDocks() {
    std::map<Qt::DockWidgetArea, QDockWidget*> firstIn; // the first dock of each area
    std::map<Qt::DockWidgetArea, QDockWidget*> lastIn;
    for (const ViewEntry& view : dockedViews()) {
        auto* dock = new QDockWidget(viewTitle(view), this);
        dock->setObjectName(view.name);
        dock->setWidget(view.make(m_controller, this));
        addDockWidget(view.area, dock);
        m_docks.append(dock);
        if (const auto last = lastIn.find(view.area); last != lastIn.end()) {
            // Below the one before at the sides; a tab beside it at the bottom.
            if (view.area == Qt::BottomDockWidgetArea) {
                tabifyDockWidget(last->second, dock);
            } else {
                splitDockWidget(last->second, dock, Qt::Vertical);
            }
        } else {
            firstIn[view.area] = dock;
        }
        lastIn[view.area] = dock;
        if (view.altKey > 0) {
            auto* action = new QAction(viewTitle(view), this);
            action->setObjectName(QStringLiteral("show-") + view.name);
            action->setShortcut(
                QKeySequence(Qt::ALT | static_cast<Qt::Key>(Qt::Key_0 + view.altKey)));
            connect(action, &QAction::triggered, this, [dock] {
                dock->show();
                dock->raise();
                dock->widget()->setFocus();
            });
            addAction(action);
            m_showActions.append(action);
        }
    }
    for (const auto& [area, dock] : firstIn) {
        dock->raise(); // the first tab of the bottom in front
    }
}

void MainWindow::arrangeDocks(QSize size) {
    // Below this width, a column of docks on each side leaves the canvas a sliver. The left
    // column's views then join the tabs below, which have the width for their names; the
    // inspector keeps the right side, whole and without tabs.
    constexpr int kNarrow = 1600;
    const std::vector<ViewEntry>& views = dockedViews();
    QDockWidget* bottom = nullptr;
    for (int i = 0; i < m_docks.size(); ++i) {
        if (views[static_cast<std::size_t>(i)].area == Qt::BottomDockWidgetArea) {
            bottom = m_docks[i];
            break;
        }
    }
    if (size.width() < kNarrow && bottom != nullptr) {
        QDockWidget* last = bottom;
        for (int i = 0; i < m_docks.size(); ++i) {
            if (views[static_cast<std::size_t>(i)].area == Qt::BottomDockWidgetArea) {
                last = m_docks[i];
            }
        }
        for (int i = 0; i < m_docks.size(); ++i) {
            if (views[static_cast<std::size_t>(i)].area == Qt::LeftDockWidgetArea) {
                addDockWidget(Qt::BottomDockWidgetArea, m_docks[i]);
                tabifyDockWidget(last, m_docks[i]);
                last = m_docks[i];
            }
        }
        bottom->raise();
    }
    for (int i = 0; i < m_docks.size(); ++i) {
        const ViewEntry& view = views[static_cast<std::size_t>(i)];
        if (view.initialShare <= 0 || dockWidgetArea(m_docks[i]) != view.area) {
            continue;
        }
        const bool across = view.area == Qt::BottomDockWidgetArea;
        const int whole = across ? size.height() : size.width();
        resizeDocks({m_docks[i]}, {static_cast<int>(whole * view.initialShare)},
                    across ? Qt::Vertical : Qt::Horizontal);
    }
}

void MainWindow::showEvent(QShowEvent* event) {
    QMainWindow::showEvent(event);
    if (m_arrangeOnShow) {
        m_arrangeOnShow = false;
        arrangeDocks(size());
    }
}

void MainWindow::buildMenus() {
    m_files->fillMenu(*menuBar()->addMenu(tr("&File")));

    QMenu* view = menuBar()->addMenu(tr("&View"));
    view->addAction(tr("&Fit"), QKeySequence(Qt::CTRL | Qt::Key_0), m_topology, &TopologyView::fit);
    view->addAction(tr("Zoom &In"), QKeySequence::ZoomIn, m_topology, &TopologyView::zoomIn);
    view->addAction(tr("Zoom &Out"), QKeySequence::ZoomOut, m_topology, &TopologyView::zoomOut);
    view->addAction(tr("Find &Node…"), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_F), m_topology,
                    &TopologyView::startFinding);
    addGroupingMenu(*view->addMenu(tr("&Group Nodes")));
    view->addSeparator();
    QMenu* theme = view->addMenu(tr("&Theme"));
    auto* themes = new QActionGroup(this);
    const std::pair<QString, Theme::Mode> modes[] = {
        {tr("Follow the &System"), Theme::Mode::System},
        {tr("&Light"), Theme::Mode::Light},
        {tr("&Dark"), Theme::Mode::Dark}};
    for (const auto& [label, mode] : modes) {
        QAction* a = theme->addAction(label);
        a->setCheckable(true);
        a->setChecked(Theme::mode() == mode);
        themes->addAction(a);
        connect(a, &QAction::triggered, this, [mode = mode] {
            Theme::apply(*qApp, mode);
            QSettings().setValue(QStringLiteral("view/theme"), static_cast<int>(mode));
        });
    }
    view->addSeparator();
    for (QDockWidget* dock : m_docks) {
        view->addAction(dock->toggleViewAction()); // shows or hides it
    }
    QMenu* forward = view->addMenu(tr("&Bring Forward"));
    forward->addActions(m_showActions);

    QMenu* run = menuBar()->addMenu(tr("&Run"));
    run->addAction(m_playback->playAction());
    run->addAction(tr("Step &Forward"), QKeySequence(Qt::Key_Right), &m_controller,
                   &SessionController::stepForward);
    run->addAction(tr("Step &Back"), QKeySequence(Qt::Key_Left), &m_controller,
                   &SessionController::stepBack);
    run->addAction(tr("Go to &Start"), QKeySequence(Qt::Key_Home), &m_controller,
                   &SessionController::goToStart);
    run->addAction(tr("Go to &End"), QKeySequence(Qt::Key_End), &m_controller,
                   &SessionController::goToEnd);
    run->addSeparator();
    run->addAction(tr("Fa&ster"), QKeySequence(Qt::Key_BracketRight), this,
                   [this] { m_playback->stepSpeed(1); });
    run->addAction(tr("S&lower"), QKeySequence(Qt::Key_BracketLeft), this,
                   [this] { m_playback->stepSpeed(-1); });
    run->addAction(tr("&Real Time"), QKeySequence(Qt::Key_1), m_playback, &PlaybackBar::realTime);
    run->addSeparator();
    run->addAction(tr("Run &Again"), QKeySequence(Qt::CTRL | Qt::Key_R), this, [this] {
        QString errors;
        m_controller.reload(&errors);
    });
    run->addAction(tr("&Cancel the Computation"), this, [this] { m_controller.cancelRun(); });

    QMenu* inject = menuBar()->addMenu(tr("&Inject"));
    connect(inject, &QMenu::aboutToShow, this, [this, inject] { rebuildInjectMenu(*inject); });

    QMenu* help = menuBar()->addMenu(tr("&Help"));
    help->addAction(tr("&Keyboard Shortcuts"), QKeySequence::HelpContents, this,
                    &MainWindow::showShortcuts);
    help->addAction(tr("&About EventSim"), this, &MainWindow::about);
}

// How the canvas gathers nodes, kept between runs of the app.
void MainWindow::addGroupingMenu(QMenu& menu) {
    const std::pair<QString, NodeGrouping> choices[] = {
        {tr("&Each on Its Own"), NodeGrouping::None},
        {tr("By Name &Prefix"), NodeGrouping::NamePrefix},
        {tr("Queues by Consuming &Service"), NodeGrouping::ConsumingService}};
    const QString key = QStringLiteral("view/grouping");
    const NodeGrouping saved =
        groupingNamed(QSettings().value(key).toString()).value_or(NodeGrouping::None);
    m_topology->setGrouping(saved);
    auto* group = new QActionGroup(this);
    for (const auto& [label, grouping] : choices) {
        QAction* a = menu.addAction(label);
        a->setCheckable(true);
        a->setChecked(grouping == saved);
        a->setData(groupingName(grouping));
        group->addAction(a);
        connect(a, &QAction::triggered, this, [this, key, grouping = grouping] {
            m_topology->setGrouping(grouping);
            QSettings().setValue(key, groupingName(grouping));
        });
    }
}

void MainWindow::rebuildInjectMenu(QMenu& menu) {
    menu.clear();
    if (!m_controller.hasSession() || m_controller.data().entities().size() <= 1) {
        menu.addAction(tr("Open a scenario to inject failures"))->setEnabled(false);
        return;
    }
    const EntityTable& entities = m_controller.data().entities();
    const Selection& selected = m_controller.selection();
    if (selected.kind == Selection::Kind::Entity) {
        auto* here =
            menu.addMenu(tr("On %1").arg(QString::fromStdString(entities[selected.id].name)));
        if (fillInjectMenu(*here, m_controller, selected.id, this) == 0) {
            menu.removeAction(here->menuAction());
        }
    }
    // One submenu per service and per queue: at most this many of each, the canvas's context
    // menus reach the rest.
    constexpr int kMenuLimit = 40;
    const Scenario& scenario = m_controller.session().scenario();
    QMenu* services = menu.addMenu(tr("&Service"));
    for (int i = 0; i < static_cast<int>(scenario.services.size()) && i < kMenuLimit; ++i) {
        const std::string& name = scenario.services[static_cast<std::size_t>(i)].name;
        fillInjectMenu(*services->addMenu(QString::fromStdString(name)), m_controller,
                       entities.find(EntityKind::Service, name), this);
    }
    QMenu* queues = menu.addMenu(tr("&Queue"));
    const BrokerTopology broker = describeBroker(scenario.broker);
    for (int i = 0; i < static_cast<int>(broker.sources.size()) && i < kMenuLimit; ++i) {
        const std::string& name = broker.sources[static_cast<std::size_t>(i)].name;
        fillInjectMenu(*queues->addMenu(QString::fromStdString(name)), m_controller,
                       entities.find(broker.sourceEntity, name), this);
    }
    menu.addSeparator();
    fillInjectMenu(menu, m_controller, entities.find(EntityKind::Broker, "broker"), this);
}

bool MainWindow::openFile(const QString& path) {
    return m_files->open(path);
}

QWidget* MainWindow::focusedView() const {
    QWidget* focused = QApplication::focusWidget();
    for (QDockWidget* dock : m_docks) {
        if (focused != nullptr && dock->isAncestorOf(focused)) {
            return dock->widget();
        }
    }
    return m_center->currentWidget();
}

void MainWindow::updateTitle() {
    QString title = QStringLiteral("EventSim");
    if (m_controller.hasSession()) {
        title = QFileInfo(m_controller.filePath()).fileName() + QStringLiteral(" — ") + title;
        if (!m_runLabel.isEmpty()) {
            title.prepend(m_runLabel + QStringLiteral(": "));
        }
        if (m_controller.unsaved()) {
            title.prepend(QStringLiteral("• ")); // unsaved interventions
        }
    }
    setWindowTitle(title);
}

void MainWindow::showShortcuts() {
    QString rows = tr("<tr><td>Open / reload / save session</td><td>Ctrl+O / F5 / Ctrl+S</td></tr>"
                      "<tr><td>Save session as</td><td>Ctrl+Shift+S</td></tr>"
                      "<tr><td>Play or pause</td><td>Space</td></tr>"
                      "<tr><td>Step forward / back</td><td>→ / ←</td></tr>"
                      "<tr><td>Faster / slower / real time</td><td>] / [ / 1</td></tr>"
                      "<tr><td>Go to start / end</td><td>Home / End</td></tr>"
                      "<tr><td>Fit / zoom in / zoom out</td><td>Ctrl+0 / Ctrl++ / Ctrl+−</td></tr>"
                      "<tr><td>Find in the log</td><td>Ctrl+F</td></tr>"
                      "<tr><td>Find a node on the canvas</td><td>Ctrl+Shift+F</td></tr>"
                      "<tr><td>Show each member of a group</td><td>Double-click it</td></tr>"
                      "<tr><td>Inject a fault into a node or link</td><td>Right-click it</td></tr>"
                      "<tr><td>Add or remove a producer, binding, queue or consumer</td>"
                      "<td>Right-click an exchange, a queue, a service, an arrow or the empty "
                      "canvas</td></tr>"
                      "<tr><td>Drop, duplicate or delay one message; crash the instance it "
                      "reaches</td><td>Right-click its token, log row or arrow</td></tr>"
                      "<tr><td>Leave a text field (back to the canvas)</td><td>Escape</td></tr>");
    for (const QAction* show : m_showActions) {
        rows += tr("<tr><td>Bring forward: %1</td><td>%2</td></tr>")
                    .arg(show->text().toHtmlEscaped(),
                         show->shortcut().toString(QKeySequence::NativeText).toHtmlEscaped());
    }
    QMessageBox::information(this, tr("Keyboard Shortcuts"),
                             QStringLiteral("<table>") + rows + QStringLiteral("</table>"));
}

void MainWindow::about() {
    QMessageBox::about(this, tr("About EventSim"),
                       tr("<b>EventSim %1</b><p>Simulate event-driven systems - brokers, queues, "
                          "producers, consumers and the network between them - in virtual "
                          "time, deterministically: the same scenario, seed and interventions "
                          "give the same run, bit for bit.</p>")
                           .arg(QStringLiteral(EVSIM_VERSION)));
}

bool MainWindow::eventFilter(QObject* watched, QEvent* event) {
    if (event->type() != QEvent::KeyPress ||
        static_cast<QKeyEvent*>(event)->key() != Qt::Key_Escape ||
        static_cast<QKeyEvent*>(event)->modifiers() != Qt::NoModifier) {
        return false;
    }
    auto* field = qobject_cast<QWidget*>(watched);
    const bool textField = qobject_cast<QLineEdit*>(field) != nullptr ||
                           qobject_cast<QAbstractSpinBox*>(field) != nullptr ||
                           qobject_cast<QPlainTextEdit*>(field) != nullptr;
    // A cell being edited in a table keeps Escape: there it cancels the edit.
    const bool cellEditor = field != nullptr && qobject_cast<QAbstractItemView*>(
                                                    field->parentWidget() != nullptr
                                                        ? field->parentWidget()->parentWidget()
                                                        : nullptr) != nullptr;
    if (!textField || cellEditor || field->window() != this || !m_topology->isVisible()) {
        return false;
    }
    m_topology->canvas().setFocus(Qt::ShortcutFocusReason);
    return true;
}

void MainWindow::closeEvent(QCloseEvent* event) {
    if (!m_files->setAsideSession()) {
        event->ignore(); // cancelled, or not saved: the interventions would be lost
        return;
    }
    if (m_runLabel.isEmpty()) {
        QSettings settings;
        settings.setValue(QStringLiteral("window/geometry"), saveGeometry());
        settings.setValue(QStringLiteral("window/state"), saveState());
    }
    m_controller.cancelRun();
    event->accept();
}

void MainWindow::dragEnterEvent(QDragEnterEvent* event) {
    if (event->mimeData()->hasUrls()) {
        event->acceptProposedAction();
    }
}

void MainWindow::dropEvent(QDropEvent* event) {
    const QList<QUrl> urls = event->mimeData()->urls();
    if (!urls.isEmpty() && urls.front().isLocalFile()) {
        openFile(urls.front().toLocalFile());
    }
}

} // namespace evsim::gui
