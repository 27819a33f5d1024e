#include "app/main_window.h"

#include "app/editor_launch.h"
#include "app/event_export.h"
#include "app/start_page.h"
#include "io/events_writer.h"
#include "io/output_file.h"
#include "session/inject_menu.h"
#include "session/session_controller.h"
#include "theme/theme.h"
#include "theme/transport_icons.h"
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
#include <QComboBox>
#include <QDockWidget>
#include <QFileDialog>
#include <QFileInfo>
#include <QLabel>
#include <QMenuBar>
#include <QMessageBox>
#include <QMimeData>
#include <QProgressBar>
#include <QPushButton>
#include <QSettings>
#include <QSplitter>
#include <QStackedWidget>
#include <QStatusBar>
#include <QStyle>
#include <QTextDocument>
#include <QToolBar>
#include <QToolButton>
#include <QUrl>

namespace evsim::gui {
namespace {

constexpr int kRecentFiles = 8;

struct SpeedPreset {
    const char* label;
    double speed; // virtual seconds per wall second; 0 = as fast as possible
};
constexpr SpeedPreset kSpeeds[] = {
    {"0.01×", 0.01},
    {"0.1×", 0.1},
    {"0.5×", 0.5},
    {"1×", 1},
    {"2×", 2},
    {"5×", 5},
    {"10×", 10},
    {"100×", 100},
    {"1000×", 1000},
    {"10000×", 10000},
    {"as fast as possible", 0},
};

QString formatTime(SimTime t) {
    // Seconds with nine decimals in groups of three: "t = 4.250 000 000 s".
    const std::int64_t ns = t.nanos();
    const QString frac = QStringLiteral("%1").arg(ns % 1'000'000'000, 9, 10, QLatin1Char('0'));
    return QStringLiteral("t = %1.%2 %3 %4 s")
        .arg(ns / 1'000'000'000)
        .arg(frac.mid(0, 3), frac.mid(3, 3), frac.mid(6, 3));
}

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

    buildActions();
    buildMenus();
    buildToolBar();
    buildDocks();

    m_statusRun = new QLabel(this);
    m_statusExpectations = new QLabel(this);
    m_statusDigest = new QLabel(this);
    m_statusDigest->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_progress = new QProgressBar(this);
    m_progress->setRange(0, 1000);
    m_progress->setMaximumWidth(160);
    m_progress->setTextVisible(false);
    m_progress->setToolTip(tr("The run computes in the background; views fill in as it goes"));
    m_cancel = new QToolButton(this);
    m_cancel->setIcon(style()->standardIcon(QStyle::SP_DialogCancelButton));
    m_cancel->setAutoRaise(true);
    m_cancel->setToolTip(tr("Stop computing this run (what is computed so far stays)"));
    connect(m_cancel, &QToolButton::clicked, this, [this] {
        m_controller.cancelRun();
        updateStatus();
    });
    statusBar()->addWidget(m_statusRun, 1);
    statusBar()->addWidget(m_progress);
    statusBar()->addWidget(m_cancel);
    statusBar()->addPermanentWidget(m_statusExpectations);
    statusBar()->addPermanentWidget(m_statusDigest);

    connect(&controller, &SessionController::sessionOpened, this, [this] {
        m_center->setCurrentIndex(1);
        updateTitle();
        updateStatus();
    });
    connect(&controller, &SessionController::dataChanged, this, &MainWindow::updateStatus);
    connect(&controller, &SessionController::runFinished, this, &MainWindow::updateStatus);
    connect(&controller, &SessionController::runRestarted, this, &MainWindow::updateStatus);
    connect(&controller, &SessionController::cursorChanged, this,
            [this](SimTime t) { m_time->setText(formatTime(t)); });
    connect(&controller, &SessionController::playingChanged, this, [this](bool playing) {
        m_play->setIcon(transportIcon(playing ? TransportIcon::Pause : TransportIcon::Play,
                                      palette().color(QPalette::ButtonText)));
        m_play->setText(playing ? tr("Pause") : tr("Play"));
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
    updateStatus();
    m_time->setText(formatTime(SimTime::zero()));
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

void MainWindow::buildActions() {
    m_play = new QAction(transportIcon(TransportIcon::Play, palette().color(QPalette::ButtonText)),
                         tr("Play"), this);
    m_play->setShortcut(Qt::Key_Space);
    m_play->setToolTip(tr("Play or pause the run (Space)"));
    connect(m_play, &QAction::triggered, &m_controller, &SessionController::togglePlay);
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
    run->addAction(m_play);
    run->addAction(tr("Step &Forward"), QKeySequence(Qt::Key_Right), &m_controller,
                   &SessionController::stepForward);
    run->addAction(tr("Step &Back"), QKeySequence(Qt::Key_Left), &m_controller,
                   &SessionController::stepBack);
    run->addAction(tr("Go to &Start"), QKeySequence(Qt::Key_Home), &m_controller,
                   &SessionController::goToStart);
    run->addAction(tr("Go to &End"), QKeySequence(Qt::Key_End), &m_controller,
                   &SessionController::goToEnd);
    run->addSeparator();
    const auto nudge = [this](int step) {
        const int n = static_cast<int>(std::size(kSpeeds)) - 1; // the last is "fastest"
        m_speed->setCurrentIndex(std::clamp(m_speed->currentIndex() + step, 0, n - 1));
    };
    run->addAction(tr("Fa&ster"), QKeySequence(Qt::Key_BracketRight), this, [nudge] { nudge(1); });
    run->addAction(tr("S&lower"), QKeySequence(Qt::Key_BracketLeft), this, [nudge] { nudge(-1); });
    run->addAction(tr("&Real Time"), QKeySequence(Qt::Key_1), this,
                   [this] { m_speed->setCurrentIndex(3); });
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

void MainWindow::buildToolBar() {
    QToolBar* bar = addToolBar(tr("Playback"));
    bar->setObjectName(QStringLiteral("playback"));
    bar->setMovable(false);
    const QColor ink = palette().color(QPalette::ButtonText);
    bar->addAction(transportIcon(TransportIcon::GoToStart, ink), tr("Go to start (Home)"),
                   &m_controller, &SessionController::goToStart);
    bar->addAction(transportIcon(TransportIcon::StepBack, ink),
                   tr("Step back to the previous record (←)"), &m_controller,
                   &SessionController::stepBack);
    bar->addAction(m_play);
    bar->addAction(transportIcon(TransportIcon::StepForward, ink),
                   tr("Step to the next record (→)"), &m_controller,
                   &SessionController::stepForward);
    bar->addSeparator();
    bar->addWidget(new QLabel(tr(" speed "), this));
    m_speed = new QComboBox(this);
    for (const SpeedPreset& p : kSpeeds) {
        m_speed->addItem(QString::fromUtf8(p.label), p.speed);
    }
    m_speed->setCurrentIndex(3);
    m_speed->setToolTip(tr("Virtual time per second of wall time ([ slower, ] faster, 1 real "
                           "time)"));
    connect(m_speed, &QComboBox::currentIndexChanged, this,
            [this](int i) { m_controller.setSpeed(m_speed->itemData(i).toDouble()); });
    bar->addWidget(m_speed);
    bar->addSeparator();
    m_time = new QLabel(this);
    m_time->setToolTip(tr("Virtual time at the cursor"));
    QFont mono = m_time->font();
    mono.setFamily(QStringLiteral("DejaVu Sans Mono"));
    mono.setStyleHint(QFont::Monospace);
    m_time->setFont(mono);
    m_time->setMinimumWidth(
        m_time->fontMetrics().horizontalAdvance(QStringLiteral("t = 0000.000 000 000 s  ")));
    bar->addWidget(m_time);
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

void MainWindow::updateStatus() {
    if (!m_controller.hasSession()) {
        m_statusRun->setText(tr("Open a scenario (Ctrl+O), pick one on the start page, or drop a "
                                "file here."));
        m_progress->hide();
        m_cancel->hide();
        m_statusDigest->clear();
        m_statusExpectations->clear();
        return;
    }
    const RunData& data = m_controller.data();
    m_progress->setVisible(m_controller.running());
    m_cancel->setVisible(m_controller.running());
    if (m_controller.running() && m_controller.end() > SimTime::zero()) {
        m_progress->setValue(
            static_cast<int>(1000.0 * static_cast<double>(data.frontier().nanos()) /
                             static_cast<double>(m_controller.end().nanos())));
    }
    const QString computing =
        m_controller.running()
            ? tr(" · computing… %1 of %2")
                  .arg(QString::fromStdString(formatDurationShort(data.frontier())),
                       QString::fromStdString(formatDurationShort(m_controller.end())))
            : QString();
    // Alerts raised so far, counted over the records that arrived since the last update.
    if (data.records().size() < m_statusCounted) {
        m_statusCounted = 0;
        m_statusAlerts = 0;
    }
    for (; m_statusCounted < data.records().size(); ++m_statusCounted) {
        m_statusAlerts += data.records()[m_statusCounted].kind == RecordKind::AlertRaised ? 1 : 0;
    }
    m_statusRun->setText(tr("%L1 records · %L2 alerts raised%3")
                             .arg(data.records().size())
                             .arg(m_statusAlerts)
                             .arg(computing));
    if (data.finished()) {
        m_statusDigest->setText(tr("seed %1 · digest %2")
                                    .arg(data.seed())
                                    .arg(QString::fromStdString(formatDigest(data.digest()))));
        const auto& results = data.expectations();
        const auto passed = std::count_if(results.begin(), results.end(),
                                          [](const ExpectationResult& r) { return r.passed; });
        m_statusExpectations->setText(
            results.empty() ? QString() : tr("expectations %1/%2").arg(passed).arg(results.size()));
        m_statusExpectations->setStyleSheet(
            QStringLiteral("color: %1")
                .arg((passed == static_cast<long>(results.size()) ? Theme::ok() : Theme::error())
                         .name()));
    } else {
        m_statusDigest->setText(tr("seed %1 · digest (computing)").arg(data.seed()));
        m_statusExpectations->clear();
    }
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
    const QString error = m_controller.saveSessionAs(m_savePath);
    if (!error.isEmpty()) {
        showPlainWarning(this, tr("Cannot save"), error);
        return;
    }
    statusBar()->showMessage(tr("Saved %1").arg(m_savePath), 5000);
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
    const QString error = exportEventsJsonl(m_controller.session(), path);
    if (!error.isEmpty()) {
        showPlainWarning(this, tr("Cannot export"), error);
    } else {
        statusBar()->showMessage(tr("Wrote %1").arg(path), 5000);
    }
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
