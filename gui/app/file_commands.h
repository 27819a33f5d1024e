#pragma once

#include "gui/app/run_export.h"

#include <QObject>
#include <QString>
#include <functional>

class QMainWindow;
class QMenu;
class QWidget;

namespace evsim {
class Session;
}

namespace evsim::gui {

class SessionController;
struct TaskControl;

// The File menu's work for the main window: opening scenarios and recordings (with a dialog
// that names what is wrong when one does not load), the recent files, saving the session as
// a scenario or a recording, and exporting its events, traces, topology, AsyncAPI documents
// or a picture of a view.
class FileCommands : public QObject {
    Q_OBJECT
public:
    // `currentView` names the view a picture is taken of (the one with the focus).
    FileCommands(SessionController& controller, QMainWindow& window,
                 std::function<QWidget*()> currentView);

    // Adds Open, Open Recent, Reload, Save, Save As, Export and Quit to `menu`.
    void fillMenu(QMenu& menu);

    // Opens a scenario or recording; shows a dialog (and keeps the current one) when it
    // cannot.
    bool open(const QString& path);
    void openDialog();
    // Saves where the session was last saved, or asks where. False when nothing was saved: the
    // user cancelled, or a dialog said why it could not be.
    bool save();
    bool saveAs();
    // Before the session is closed or replaced: when it has unsaved interventions, asks
    // whether to save them first. False when the user cancels (or chose Save and it was not
    // saved): the session must stay.
    bool setAsideSession();
    void exportEvents();
    // The run's spans, or a sequence diagram of the selected message's trace.
    void exportTrace(TraceFormat format);
    void exportTopology();
    void exportAsyncApiDocuments();
    void exportPicture();

private:
    // Writes the session to `path` as `write` does, on its own thread with its own copy of the
    // session, behind a progress dialog (runInBackground); `label` takes the file's name.
    using Write = std::function<Status(const Session&, const QString&, TaskControl&)>;
    bool writeInBackground(const QString& label, const QString& path, const QString& failedTitle,
                           const QString& doneText, const Write& write);
    void showLoadError(const QString& path, const QString& errors);
    void rememberRecent(const QString& path);
    void rebuildRecentMenu();
    // After writing `path`: "done" in the status bar, a cancel noted there too, or the error
    // in a dialog. True when written.
    bool reportWritten(const Status& written, bool cancelled, const QString& failedTitle,
                       const QString& doneText, const QString& path);

    SessionController& m_controller;
    QMainWindow& m_window;
    std::function<QWidget*()> m_currentView;
    QMenu* m_recentMenu = nullptr;
    QString m_savePath; // where Save writes, once saved or saved as
};

} // namespace evsim::gui
