#include "gui/app/file_commands.h"

#include "gui/app/editor_launch.h"
#include "gui/app/run_export.h"
#include "gui/control/background_task.h"
#include "gui/control/session_controller.h"
#include "gui/views/image_export.h"
#include "gui/widgets/plain_message.h"
#include "harness/session/run_data.h"

#include <QFileDialog>
#include <QFileInfo>
#include <QMainWindow>
#include <QMenu>
#include <QMessageBox>
#include <QPushButton>
#include <QSettings>
#include <QStatusBar>
#include <QTextDocument>

namespace evsim::gui {
namespace {

constexpr int kRecentFiles = 8;

} // namespace

FileCommands::FileCommands(SessionController& controller, QMainWindow& window,
                           std::function<QWidget*()> currentView)
    : QObject(&window), m_controller(controller), m_window(window),
      m_currentView(std::move(currentView)) {}

void FileCommands::fillMenu(QMenu& file) {
    file.addAction(tr("&Open…"), QKeySequence::Open, this, &FileCommands::openDialog);
    m_recentMenu = file.addMenu(tr("Open &Recent"));
    rebuildRecentMenu();
    file.addAction(tr("&Reload"), QKeySequence(Qt::Key_F5), this, [this] {
        QString errors;
        if (!m_controller.reload(&errors) && !errors.isEmpty()) {
            showLoadError(m_controller.filePath(), errors);
        }
    });
    file.addSeparator();
    file.addAction(tr("&Save Session"), QKeySequence::Save, this, &FileCommands::save);
    QAction* saveAs = file.addAction(tr("Save Session &As…"), this, &FileCommands::saveAs);
    // The platform's own binding, and Ctrl+Shift+S where the platform has none (Qt gives
    // none on a Linux desktop that is neither KDE nor GNOME).
    QList<QKeySequence> saveAsKeys = QKeySequence::keyBindings(QKeySequence::SaveAs);
    const QKeySequence ctrlShiftS(Qt::CTRL | Qt::SHIFT | Qt::Key_S);
    if (!saveAsKeys.contains(ctrlShiftS)) {
        saveAsKeys << ctrlShiftS;
    }
    saveAs->setShortcuts(saveAsKeys);
    file.addSeparator();
    QMenu* exportMenu = file.addMenu(tr("&Export"));
    exportMenu->addAction(tr("Events as JSON Lines…"), this, &FileCommands::exportEvents);
    exportMenu->addAction(tr("Traces as OTLP/JSON (Jaeger, OpenTelemetry)…"), this,
                          [this] { exportTrace(TraceFormat::Otlp); });
    exportMenu->addAction(tr("Traces as Chrome Trace Events (Perfetto)…"), this,
                          [this] { exportTrace(TraceFormat::Chrome); });
    exportMenu->addAction(tr("Sequence Diagram of the Selected Trace (Mermaid)…"), this,
                          [this] { exportTrace(TraceFormat::Mermaid); });
    exportMenu->addAction(tr("Topology as Graphviz DOT…"), this, &FileCommands::exportTopology);
    exportMenu->addAction(tr("AsyncAPI 3.0 Documents, One per Service…"), this,
                          &FileCommands::exportAsyncApiDocuments);
    exportMenu->addSeparator();
    exportMenu->addAction(tr("Picture of the Current View (PNG or SVG)…"), this,
                          &FileCommands::exportPicture);
    file.addSeparator();
    file.addAction(tr("&Quit"), QKeySequence::Quit, &m_window, &QWidget::close);
}

bool FileCommands::open(const QString& path) {
    if (!setAsideSession()) {
        return false;
    }
    QString errors;
    if (!m_controller.openFile(path, &errors)) {
        showLoadError(path, errors);
        return false;
    }
    m_savePath.clear();
    rememberRecent(path);
    return true;
}

void FileCommands::showLoadError(const QString& path, const QString& errors) {
    QMessageBox box(&m_window);
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

void FileCommands::rememberRecent(const QString& path) {
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

void FileCommands::rebuildRecentMenu() {
    if (m_recentMenu == nullptr) {
        return;
    }
    m_recentMenu->clear();
    const QStringList recent = QSettings().value(QStringLiteral("files/recent")).toStringList();
    for (const QString& path : recent) {
        m_recentMenu->addAction(QFileInfo(path).fileName(), this, [this, path] { open(path); })
            ->setToolTip(path);
    }
    m_recentMenu->setEnabled(!recent.isEmpty());
}

void FileCommands::openDialog() {
    const QString path = QFileDialog::getOpenFileName(
        &m_window, tr("Open Scenario or Recording"),
        QFileInfo(m_controller.filePath()).absolutePath(),
        tr("Scenarios and recordings (*.json *.evrec);;Scenarios (*.json);;Recordings (*.evrec);;"
           "All files (*)"));
    if (!path.isEmpty()) {
        open(path);
    }
}

bool FileCommands::save() {
    if (m_savePath.isEmpty()) {
        return saveAs();
    }
    if (!m_controller.hasSession()) {
        return false;
    }
    const bool saved = writeInBackground(
        tr("Saving %1…"), m_savePath, tr("Cannot save"), tr("Saved %1"),
        [](const Session& session, const QString& path, TaskControl& control) {
            return SessionController::saveSession(session, path, control.follow(), &control.cancel);
        });
    if (saved) {
        m_controller.markSaved();
    }
    return saved;
}

bool FileCommands::setAsideSession() {
    if (!m_controller.hasSession() || !m_controller.unsaved()) {
        return true;
    }
    const auto answer = QMessageBox::question(
        &m_window, tr("Unsaved changes"),
        m_controller.session().edited()
            ? tr("The settings you changed and the interventions you added are not saved. Save "
                 "them as a scenario first?")
            : tr("The interventions you added are not saved. Save them as a scenario first?"),
        QMessageBox::Save | QMessageBox::Discard | QMessageBox::Cancel);
    if (answer == QMessageBox::Cancel) {
        return false;
    }
    // Save, and cancelling the file dialog or failing to write keeps the session.
    return answer == QMessageBox::Discard || save();
}

bool FileCommands::saveAs() {
    if (!m_controller.hasSession()) {
        return false;
    }
    QFileInfo current(m_controller.filePath());
    const QString suggested = current.absolutePath() + QLatin1Char('/') +
                              current.completeBaseName() + QStringLiteral("-session.json");
    // A scenario keeps the interventions for editing; a recording also keeps the seed, the
    // run length and the digest that `evsim replay` checks.
    const QString path = QFileDialog::getSaveFileName(
        &m_window, tr("Save Session"), suggested, tr("Scenarios (*.json);;Recordings (*.evrec)"));
    if (path.isEmpty()) {
        return false;
    }
    if (QFileInfo(path).canonicalFilePath() == current.canonicalFilePath() &&
        QMessageBox::question(
            &m_window, tr("Replace the scenario?"),
            tr("This writes the interventions and changed settings into %1 itself. "
               "Replace it?")
                .arg(current.fileName().toHtmlEscaped())) != QMessageBox::Yes) {
        return false;
    }
    m_savePath = path;
    return save();
}

void FileCommands::exportEvents() {
    if (!m_controller.hasSession()) {
        return;
    }
    const QString path = QFileDialog::getSaveFileName(&m_window, tr("Export Events"), QString(),
                                                      tr("JSON Lines (*.jsonl)"));
    if (path.isEmpty()) {
        return;
    }
    writeInBackground(
        tr("Exporting %1…"), path, tr("Cannot export"), tr("Wrote %1"),
        [](const Session& session, const QString& to, TaskControl& control) {
            return exportEventsJsonl(session, to, ExportRun{control.follow(), &control.cancel});
        });
}

void FileCommands::exportTrace(TraceFormat format) {
    if (!m_controller.hasSession()) {
        return;
    }
    const QString base = QFileInfo(m_controller.filePath()).completeBaseName();
    const struct {
        QString title, suffix, filter;
    } kinds[] = {
        {tr("Export Traces as OTLP/JSON"), QStringLiteral(".otlp.jsonl"),
         tr("OTLP/JSON Lines (*.jsonl *.json)")},
        {tr("Export Traces for Perfetto"), QStringLiteral(".trace.json"),
         tr("Chrome trace events (*.json)")},
        {tr("Export Sequence Diagram"), QStringLiteral(".mmd"), tr("Mermaid diagram (*.mmd)")},
    };
    const auto& kind = kinds[static_cast<int>(format)];
    const QString path =
        QFileDialog::getSaveFileName(&m_window, kind.title, base + kind.suffix, kind.filter);
    if (path.isEmpty()) {
        return;
    }
    // The diagram is of the selected message's trace (the first trace when none is selected).
    std::optional<TraceId> trace;
    const Selection& selected = m_controller.selection();
    const RunData& data = m_controller.data();
    if (const Message* m =
            selected.kind == Selection::Kind::Message ? data.message(selected.id) : nullptr) {
        std::string error;
        trace = parseTraceId(traceContextOf(data.seed(), *m, data.publisherOf(selected.id)).traceId,
                             error);
    }
    std::vector<std::string> notes;
    const bool written = writeInBackground(
        tr("Exporting %1…"), path, tr("Cannot export"), tr("Wrote %1"),
        [&](const Session& session, const QString& to, TaskControl& control) {
            return evsim::gui::exportTrace(session, to, format, trace, notes,
                                           ExportRun{control.follow(), &control.cancel});
        });
    if (written && !notes.empty()) {
        m_window.statusBar()->showMessage(
            tr("Wrote %1 (%2)").arg(path, QString::fromStdString(notes.front())), 8000);
    }
}

void FileCommands::exportTopology() {
    if (!m_controller.hasSession()) {
        return;
    }
    const QString path = QFileDialog::getSaveFileName(
        &m_window, tr("Export Topology"),
        QFileInfo(m_controller.filePath()).completeBaseName() + QStringLiteral(".dot"),
        tr("Graphviz (*.dot *.gv)"));
    if (!path.isEmpty()) {
        reportWritten(exportTopologyDot(m_controller.session(), path), false, tr("Cannot export"),
                      tr("Wrote %1"), path);
    }
}

void FileCommands::exportAsyncApiDocuments() {
    if (!m_controller.hasSession()) {
        return;
    }
    const QString directory =
        QFileDialog::getExistingDirectory(&m_window, tr("Export AsyncAPI Documents into"),
                                          QFileInfo(m_controller.filePath()).absolutePath());
    if (directory.isEmpty()) {
        return;
    }
    const AsyncApiFiles files = asyncApiFiles(m_controller.session(), directory);
    QStringList existing;
    for (const QString& path : files.paths) {
        if (QFileInfo::exists(path)) {
            existing << QFileInfo(path).fileName();
        }
    }
    if (!existing.isEmpty() &&
        QMessageBox::question(&m_window, tr("Replace the documents?"),
                              tr("%1 already holds %2. Replace them?")
                                  .arg(QFileInfo(directory).fileName().toHtmlEscaped(),
                                       existing.join(QStringLiteral(", ")).toHtmlEscaped())) !=
            QMessageBox::Yes) {
        return;
    }
    QStringList written;
    const Status done = writeAsyncApi(m_controller.session(), directory, files, written);
    reportWritten(done, false, tr("Cannot export"),
                  tr("Wrote %n AsyncAPI document(s) into %1", nullptr, int(written.size())),
                  directory);
}

void FileCommands::exportPicture() {
    QWidget* view = m_currentView();
    const QString path = QFileDialog::getSaveFileName(&m_window, tr("Export Picture"), QString(),
                                                      tr("PNG image (*.png);;SVG drawing (*.svg)"));
    if (path.isEmpty() || view == nullptr) {
        return;
    }
    reportWritten(saveWidgetImage(*view, path), false, tr("Cannot export"), tr("Wrote %1"), path);
}

bool FileCommands::writeInBackground(const QString& label, const QString& path,
                                     const QString& failedTitle, const QString& doneText,
                                     const Write& write) {
    // Both writes compute the whole run again: on their own thread, with their own copy.
    TaskControl control;
    const Session session = m_controller.session();
    const Status written = runInBackground(&m_window, label.arg(QFileInfo(path).fileName()),
                                           control, [&] { return write(session, path, control); });
    return reportWritten(written, control.cancel, failedTitle, doneText, path);
}

bool FileCommands::reportWritten(const Status& written, bool cancelled, const QString& failedTitle,
                                 const QString& doneText, const QString& path) {
    if (written.ok()) {
        m_window.statusBar()->showMessage(doneText.arg(path), 5000);
        return true;
    }
    if (cancelled) {
        m_window.statusBar()->showMessage(tr("Cancelled: %1 was not changed").arg(path), 5000);
    } else {
        showPlainWarning(&m_window, failedTitle, QString::fromStdString(written.why()));
    }
    return false;
}

} // namespace evsim::gui
