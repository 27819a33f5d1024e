#include "app/main_window.h"

#include "app/background_task.h"
#include "app/editor_launch.h"
#include "app/event_export.h"
#include "app/playback_bar.h"
#include "app/run_status.h"
#include "app/start_page.h"
#include "io/events_writer.h"
#include "io/output_file.h"
#include "session/inject_menu.h"
#include "session/session_controller.h"
#include "theme/theme.h"
#include "views/expectations/expectations_view.h"
#include "views/image_export.h"
#include "views/inspector/inspector_view.h"
#include "views/interventions/interventions_view.h"
#include "views/log/log_view.h"
#include "views/metrics/metrics_view.h"
#include "views/scenario/scenario_tree_view.h"
#include "views/sequence/sequence_view.h"
#include "views/timeline/timeline_widget.h"
#include "views/topology/topology_view.h"
#include "views/traces/traces_view.h"
#include "widgets/plain_message.h"

#include <QActionGroup>
#include <QApplication>
#include <QCloseEvent>
#include <QDockWidget>
#include <QFileDialog>
#include <QFileInfo>
#include <QMenuBar>
#include <QMessageBox>
#include <QMimeData>
#include <QPushButton>
#include <QSettings>
#include <QSplitter>
#include <QStackedWidget>
#include <QStatusBar>
#include <QTextDocument>
#include <QUrl>

namespace evsim::gui {
namespace {

constexpr int kRecentFiles = 8;

} // namespace

MainWindow::MainWindow(SessionController& controller, QWidget* parent)
    : QMainWindow(parent), m_controller(controller) {
    setObjectName(QStringLiteral("MainWindow"));
    setAcceptDrops(true);
    setDockOptions(AnimatedDocks | AllowTabbedDocks | AllowNestedDocks);
    m_center = new QStackedWidget(this);
    m_startPage = new StartPage(this);
    connect(m_startPage, &StartPage::openRequested, this, &MainWindow::openFile);
    connect(m_startPage, &StartPage::browseRequested, this, &MainWindow::openDialog);
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
    buildMenus();
    buildDocks();
    m_status = new RunStatus(controller, *statusBar());

    connect(&controller, &SessionController::sessionOpened, this, [this] {
        m_center->setCurrentIndex(1);
        updateTitle();
    });
    connect(&controller, &SessionController::fileChangedOnDisk, this, [this] {
        statusBar()->showMessage(tr("Reloaded %1 after it changed on disk")
                                     .arg(QFileInfo(m_controller.filePath()).fileName()),
                                 5000);
    });
    connect(&controller, &SessionController::interventionsChanged, this, &MainWindow::updateTitle);

    QSettings settings;
    restoreGeometry(settings.value(QStringLiteral("window/geometry")).toByteArray());
    restoreState(settings.value(QStringLiteral("window/state")).toByteArray());
    if (!settings.contains(QStringLiteral("window/geometry"))) {
        resize(1400, 900);
    }
    updateTitle();
}

QStringList MainWindow::viewNames() {
    return {QStringLiteral("topology"), QStringLiteral("sequence"), QStringLiteral("traces"),
            QStringLiteral("metrics"),  QStringLiteral("log"),      QStringLiteral("expectations"),
            QStringLiteral("inspector")};
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

QDockWidget* MainWindow::addDock(const QString& title, const QString& name, QWidget* widget,
                                 Qt::DockWidgetArea area) {
    auto* dock = new QDockWidget(title, this);
    dock->setObjectName(name);
    dock->setWidget(widget);
    addDockWidget(area, dock);
    m_docks.append(dock);
    return dock;
}

void MainWindow::buildDocks() {
    QDockWidget* scenario =
        addDock(tr("Scenario"), QStringLiteral("scenario"),
                new ScenarioTreeView(m_controller, this), Qt::LeftDockWidgetArea);
    QDockWidget* interventions =
        addDock(tr("Interventions"), QStringLiteral("interventions"),
                new InterventionsView(m_controller, this), Qt::LeftDockWidgetArea);
    splitDockWidget(scenario, interventions, Qt::Vertical);
    QDockWidget* inspector =
        addDock(tr("Inspector"), QStringLiteral("inspector"), new InspectorView(m_controller, this),
                Qt::RightDockWidgetArea);
    QDockWidget* sequence = addDock(tr("Sequence"), QStringLiteral("sequence"),
                                    new SequenceView(m_controller, this), Qt::BottomDockWidgetArea);
    const QStringList bottom{QStringLiteral("traces"), QStringLiteral("metrics"),
                             QStringLiteral("log"), QStringLiteral("expectations")};
    QDockWidget* traces = addDock(tr("Traces"), bottom[0], new TracesView(m_controller, this),
                                  Qt::BottomDockWidgetArea);
    QDockWidget* metrics = addDock(tr("Metrics"), bottom[1], new MetricsView(m_controller, this),
                                   Qt::BottomDockWidgetArea);
    QDockWidget* log =
        addDock(tr("Log"), bottom[2], new LogView(m_controller, this), Qt::BottomDockWidgetArea);
    QDockWidget* expectations =
        addDock(tr("Expectations"), bottom[3], new ExpectationsView(m_controller, this),
                Qt::BottomDockWidgetArea);
    tabifyDockWidget(sequence, traces);
    tabifyDockWidget(traces, metrics);
    tabifyDockWidget(metrics, log);
    tabifyDockWidget(log, expectations);
    sequence->raise();
    // The inspector wide enough for an envelope's lines and the history's columns.
    resizeDocks({scenario, inspector}, {260, 380}, Qt::Horizontal);
    resizeDocks({sequence}, {300}, Qt::Vertical);

    // Alt+1 … Alt+5 bring the bottom views forward.
    const QList<QDockWidget*> focusable{sequence, traces, metrics, log, expectations};
    for (int i = 0; i < focusable.size(); ++i) {
        auto* action = new QAction(this);
        action->setShortcut(QKeySequence(Qt::ALT | static_cast<Qt::Key>(Qt::Key_1 + i)));
        connect(action, &QAction::triggered, this, [dock = focusable[i]] {
            dock->show();
            dock->raise();
            dock->widget()->setFocus();
        });
        addAction(action);
    }
}

void MainWindow::buildMenus() {
    QMenu* file = menuBar()->addMenu(tr("&File"));
    file->addAction(tr("&Open…"), QKeySequence::Open, this, &MainWindow::openDialog);
    m_recentMenu = file->addMenu(tr("Open &Recent"));
    rebuildRecentMenu();
    file->addAction(tr("&Reload"), QKeySequence(Qt::Key_F5), this, [this] {
        QString errors;
        if (!m_controller.reload(&errors) && !errors.isEmpty()) {
            showLoadError(m_controller.filePath(), errors);
        }
    });
    file->addSeparator();
    file->addAction(tr("&Save Session"), QKeySequence::Save, this, &MainWindow::saveSession);
    file->addAction(tr("Save Session &As…"), QKeySequence::SaveAs, this,
                    &MainWindow::saveSessionAs);
    file->addSeparator();
    QMenu* exportMenu = file->addMenu(tr("&Export"));
    exportMenu->addAction(tr("Events as JSON Lines…"), this, &MainWindow::exportEvents);
    exportMenu->addAction(tr("Picture of the Current View (PNG or SVG)…"), this,
                          &MainWindow::exportImage);
    file->addSeparator();
    file->addAction(tr("&Quit"), QKeySequence::Quit, this, &QWidget::close);

    QMenu* view = menuBar()->addMenu(tr("&View"));
    view->addAction(tr("&Fit"), QKeySequence(Qt::CTRL | Qt::Key_0), m_topology, &TopologyView::fit);
    view->addAction(tr("Zoom &In"), QKeySequence::ZoomIn, m_topology, &TopologyView::zoomIn);
    view->addAction(tr("Zoom &Out"), QKeySequence::ZoomOut, m_topology, &TopologyView::zoomOut);
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
        view->addAction(dock->toggleViewAction());
    }

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
    for (int i = 0; i < static_cast<int>(scenario.broker.queues.size()) && i < kMenuLimit; ++i) {
        const std::string& name = scenario.broker.queues[static_cast<std::size_t>(i)].name;
        fillInjectMenu(*queues->addMenu(QString::fromStdString(name)), m_controller,
                       entities.find(EntityKind::Queue, name), this);
    }
    menu.addSeparator();
    fillInjectMenu(menu, m_controller, entities.find(EntityKind::Broker, "broker"), this);
}

bool MainWindow::openFile(const QString& path) {
    QString errors;
    if (!m_controller.openFile(path, &errors)) {
        showLoadError(path, errors);
        return false;
    }
    m_savePath.clear();
    rememberRecent(path);
    return true;
}

void MainWindow::showLoadError(const QString& path, const QString& errors) {
    QMessageBox box(this);
    box.setIcon(QMessageBox::Warning);
    box.setWindowTitle(tr("Cannot open %1").arg(QFileInfo(path).fileName()));
    box.setText(tr("<b>%1</b> has problems EventSim cannot run past:")
                    .arg(QFileInfo(path).fileName().toHtmlEscaped()));
    box.setInformativeText(Qt::convertFromPlainText(errors.section(QLatin1Char('\n'), 0, 5)));
    box.setDetailedText(errors);
    QPushButton* edit = box.addButton(tr("Open in Editor"), QMessageBox::ActionRole);
    box.addButton(QMessageBox::Close);
    box.exec();
    if (box.clickedButton() == edit) {
        // file:line:col of the first error, for editors that take it; the file otherwise.
        openInEditor(path, errors);
    }
}

void MainWindow::updateTitle() {
    QString title = QStringLiteral("EventSim");
    if (m_controller.hasSession()) {
        title = QFileInfo(m_controller.filePath()).fileName() + QStringLiteral(" — ") + title;
        if (!m_controller.session().added().empty()) {
            title.prepend(QStringLiteral("• ")); // unsaved interventions
        }
    }
    setWindowTitle(title);
}

void MainWindow::rememberRecent(const QString& path) {
    QSettings settings;
    QStringList recent = settings.value(QStringLiteral("files/recent")).toStringList();
    const QString absolute = QFileInfo(path).absoluteFilePath();
    recent.removeAll(absolute);
    recent.prepend(absolute);
    while (recent.size() > kRecentFiles) {
        recent.removeLast();
    }
    settings.setValue(QStringLiteral("files/recent"), recent);
    rebuildRecentMenu();
}

void MainWindow::rebuildRecentMenu() {
    m_recentMenu->clear();
    const QStringList recent = QSettings().value(QStringLiteral("files/recent")).toStringList();
    for (const QString& path : recent) {
        m_recentMenu->addAction(QFileInfo(path).fileName(), this, [this, path] { openFile(path); })
            ->setToolTip(path);
    }
    m_recentMenu->setEnabled(!recent.isEmpty());
}

void MainWindow::openDialog() {
    const QString path = QFileDialog::getOpenFileName(
        this, tr("Open Scenario or Recording"), QFileInfo(m_controller.filePath()).absolutePath(),
        tr("Scenarios and recordings (*.json *.evrec);;Scenarios (*.json);;Recordings (*.evrec);;"
           "All files (*)"));
    if (!path.isEmpty()) {
        openFile(path);
    }
}

void MainWindow::saveSession() {
    if (m_savePath.isEmpty()) {
        saveSessionAs();
        return;
    }
    if (!m_controller.hasSession()) {
        return;
    }
    // A recording computes the whole run again: on its own thread, with its own copy.
    TaskControl control;
    const Session session = m_controller.session();
    const QString path = m_savePath;
    const QString error =
        runInBackground(this, tr("Saving %1…").arg(QFileInfo(path).fileName()), control, [&] {
            return SessionController::saveSession(session, path, control.follow(), &control.cancel);
        });
    reportWritten(error, control.cancel, tr("Cannot save"), tr("Saved %1"), path);
}

void MainWindow::reportWritten(const QString& error, bool cancelled, const QString& failedTitle,
                               const QString& doneText, const QString& path) {
    if (error.isEmpty()) {
        statusBar()->showMessage(doneText.arg(path), 5000);
    } else if (cancelled) {
        statusBar()->showMessage(tr("Cancelled: %1 was not changed").arg(path), 5000);
    } else {
        showPlainWarning(this, failedTitle, error);
    }
}

void MainWindow::saveSessionAs() {
    if (!m_controller.hasSession()) {
        return;
    }
    QFileInfo current(m_controller.filePath());
    const QString suggested = current.absolutePath() + QLatin1Char('/') +
                              current.completeBaseName() + QStringLiteral("-session.json");
    // A scenario keeps the interventions for editing; a recording also keeps the seed, the
    // run length and the digest that `evsim replay` checks.
    const QString path = QFileDialog::getSaveFileName(
        this, tr("Save Session"), suggested, tr("Scenarios (*.json);;Recordings (*.evrec)"));
    if (path.isEmpty()) {
        return;
    }
    if (QFileInfo(path).canonicalFilePath() == current.canonicalFilePath() &&
        QMessageBox::question(this, tr("Replace the scenario?"),
                              tr("This writes the interventions into %1 itself. Replace it?")
                                  .arg(current.fileName().toHtmlEscaped())) != QMessageBox::Yes) {
        return;
    }
    m_savePath = path;
    saveSession();
}

void MainWindow::exportEvents() {
    if (!m_controller.hasSession()) {
        return;
    }
    const QString path = QFileDialog::getSaveFileName(this, tr("Export Events"), QString(),
                                                      tr("JSON Lines (*.jsonl)"));
    if (path.isEmpty()) {
        return;
    }
    TaskControl control;
    const Session session = m_controller.session();
    const QString error =
        runInBackground(this, tr("Exporting %1…").arg(QFileInfo(path).fileName()), control, [&] {
            return exportEventsJsonl(session, path, control.follow(), &control.cancel);
        });
    reportWritten(error, control.cancel, tr("Cannot export"), tr("Wrote %1"), path);
}

void MainWindow::exportImage() {
    QWidget* focused = QApplication::focusWidget();
    QWidget* target = m_center->currentWidget();
    for (QDockWidget* dock : m_docks) {
        if (focused != nullptr && dock->isAncestorOf(focused)) {
            target = dock->widget();
        }
    }
    const QString path = QFileDialog::getSaveFileName(this, tr("Export Picture"), QString(),
                                                      tr("PNG image (*.png);;SVG drawing (*.svg)"));
    if (path.isEmpty()) {
        return;
    }
    const QString error = saveWidgetImage(*target, path);
    if (!error.isEmpty()) {
        showPlainWarning(this, tr("Cannot export"), error);
    }
}

void MainWindow::showShortcuts() {
    QMessageBox::information(
        this, tr("Keyboard Shortcuts"),
        tr("<table>"
           "<tr><td>Open / reload / save session</td><td>Ctrl+O / F5 / Ctrl+S</td></tr>"
           "<tr><td>Play or pause</td><td>Space</td></tr>"
           "<tr><td>Step forward / back</td><td>→ / ←</td></tr>"
           "<tr><td>Faster / slower / real time</td><td>] / [ / 1</td></tr>"
           "<tr><td>Go to start / end</td><td>Home / End</td></tr>"
           "<tr><td>Fit / zoom in / zoom out</td><td>Ctrl+0 / Ctrl++ / Ctrl+−</td></tr>"
           "<tr><td>Find in the log</td><td>Ctrl+F</td></tr>"
           "<tr><td>Sequence, traces, metrics, log, expectations</td><td>Alt+1 … Alt+5</td></tr>"
           "</table>"));
}

void MainWindow::about() {
    QMessageBox::about(this, tr("About EventSim"),
                       tr("<b>EventSim %1</b><p>Simulate event-driven systems - brokers, queues, "
                          "producers, consumers and the network between them - in virtual "
                          "time, deterministically: the same scenario, seed and interventions "
                          "give the same run, bit for bit.</p>")
                           .arg(QStringLiteral(EVSIM_VERSION)));
}

void MainWindow::closeEvent(QCloseEvent* event) {
    if (m_controller.hasSession() && !m_controller.session().added().empty()) {
        const auto answer = QMessageBox::question(
            this, tr("Unsaved interventions"),
            tr("The interventions you added are not saved. Save them as a scenario first?"),
            QMessageBox::Save | QMessageBox::Discard | QMessageBox::Cancel);
        if (answer == QMessageBox::Cancel) {
            event->ignore();
            return;
        }
        if (answer == QMessageBox::Save) {
            saveSession();
        }
    }
    QSettings settings;
    settings.setValue(QStringLiteral("window/geometry"), saveGeometry());
    settings.setValue(QStringLiteral("window/state"), saveState());
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
