#pragma once

#include <QMainWindow>
#include <QStringList>
#include <vector>

class QDockWidget;
class QStackedWidget;

namespace evsim::gui {

class FileCommands;
class PlaybackBar;
class RunStatus;
class SessionController;
class StartPage;
class TimelineWidget;
class TopologyView;

// The main window: the topology canvas and the timeline in the middle, the scenario tree and
// the interventions on the left, the inspector on the right, and the sequence, traces,
// metrics, log and expectations views tabbed below - all docks, moved and restored freely.
// It wires menus, shortcuts and the toolbar to the SessionController; the views do the rest.
class MainWindow : public QMainWindow {
    Q_OBJECT
public:
    explicit MainWindow(SessionController& controller, QWidget* parent = nullptr);

    // Opens a scenario file; shows a dialog (and keeps the current one) when it cannot.
    bool openFile(const QString& path);
    // The names of the views `showView` takes: "topology" (the canvas), then the docked
    // views in the order of dockedViews().
    static QStringList viewNames();
    // Brings one view to the front (a dock is raised, the canvas is always shown); false for
    // an unknown name.
    bool showView(const QString& name);
    // The widget showing the named view (for pictures of one view).
    QWidget* viewWidget(const QString& name) const;
    // Brings the Compare view forward with run B: this session with another seed (digits) or
    // a scenario or recording file. "" or why it could not.
    QString compareWith(const QString& seedOrFile);
    // Opens the Compare view's run B in a window of its own, beside this one, and selects the
    // record where the runs part in both windows once B has run; nullptr when there is no B.
    MainWindow* openRunB();

protected:
    void closeEvent(QCloseEvent* event) override;
    // Escape in a text field of this window (a filter, a search) hands the keyboard back to
    // the canvas, where the playback keys (Space, Home, arrows, brackets) work again.
    bool eventFilter(QObject* watched, QEvent* event) override;
    void dragEnterEvent(QDragEnterEvent* event) override;
    void dropEvent(QDropEvent* event) override;
    // The first time the window shows without a saved layout, the docks are arranged for its
    // size (arrangeDocks).
    void showEvent(QShowEvent* event) override;

private:
    void buildMenus();
    // One dock per entry of dockedViews() (app/view_registry.h), with its Alt+N action.
    void buildDocks();
    // The first layout, for a window of `size`: the canvas gets the largest share. A narrow
    // window tabs the left docks beside the inspector, so that the canvas keeps the width.
    void arrangeDocks(QSize size);
    void updateTitle();
    void rebuildInjectMenu(QMenu& menu);
    void addGroupingMenu(QMenu& menu);
    // The view with the keyboard focus (a dock's), else the canvas: what a picture shows.
    QWidget* focusedView() const;
    void showShortcuts();
    void about();

    SessionController& m_controller;
    FileCommands* m_files = nullptr;
    QStackedWidget* m_center = nullptr; // the start page, or the canvas and the timeline
    StartPage* m_startPage = nullptr;
    TopologyView* m_topology = nullptr;
    TimelineWidget* m_timeline = nullptr;
    QList<QDockWidget*> m_docks;   // in the order of dockedViews()
    QList<QAction*> m_showActions; // Alt+N: bring a dock forward, in the same order
    PlaybackBar* m_playback = nullptr;
    RunStatus* m_status = nullptr;
    bool m_arrangeOnShow = true; // no saved layout was restored
    // Set for run B's window: its title says so, and closing it keeps the main window's
    // saved layout.
    QString m_runLabel;
};

} // namespace evsim::gui
