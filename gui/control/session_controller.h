#pragma once

#include "harness/run/runner.h"
#include "harness/session/run_data.h"
#include "harness/session/run_index.h"
#include "harness/session/session.h"

#include <QElapsedTimer>
#include <QFileSystemWatcher>
#include <QObject>
#include <QString>
#include <QThread>
#include <QTimer>
#include <atomic>
#include <functional>
#include <memory>
#include <optional>

namespace evsim::gui {

// What is selected, everywhere at once: a message (followed across views), an entity (a
// queue, a service instance, …) or one record of the log.
struct Selection {
    enum class Kind { None, Message, Entity, Record };
    Kind kind = Kind::None;
    std::uint32_t id = 0;   // message id or entity id
    std::size_t record = 0; // Kind::Record: index in RunData::records()
    bool operator==(const Selection&) const = default;
};

// The one controller of the app: it owns the session (scenario + live interventions), runs it
// off the GUI thread - one single-threaded simulation at a time, restarted from the beginning
// whenever an intervention changes, since a run is deterministic - and turns what the run
// produces into batched signals for the views. It also owns the time cursor, playback and the
// selection. Views read RunData and RunIndex (GUI thread only) and call back in here.
class SessionController : public QObject {
    Q_OBJECT
public:
    explicit SessionController(QObject* parent = nullptr);
    ~SessionController() override;

    // Loads a scenario file and starts running it. On failure the current session stays and
    // `errors` holds the loader's messages (file:line:col, code, path, hint).
    bool openFile(const QString& path, QString* errors = nullptr);
    // Opens a session already in memory (run B of a comparison, in a window of its own) and
    // starts running it. No file is watched for it, and it starts saved.
    void openSession(Session session);
    // Reloads the file from disk, keeping the interventions and the cursor.
    bool reload(QString* errors = nullptr);
    bool hasSession() const { return m_session.has_value(); }
    const Session& session() const { return *m_session; }
    // Interventions were added, removed or moved since the session was opened or last saved:
    // closing or opening another file would lose them.
    bool unsaved() const { return m_unsaved; }
    // The session as it is was written to a file (FileCommands saves a copy in the background).
    void markSaved();
    QString filePath() const;

    const RunData& data() const { return *m_data; }
    const RunIndex& index() const { return *m_index; }
    // The CLI's report of the finished run (`evsim run`), "" while it computes.
    const QString& report() const { return m_report; }
    bool running() const { return m_job != nullptr; }
    // When the session is a recording's run and the finished run does not give its digest
    // and record count: what differs, in a sentence; "" otherwise.
    const QString& recordingProblem() const { return m_recordingProblem; }
    // Runs the session to its end, blocking (for headless screenshots and tests).
    void runToEnd();
    void cancelRun();

    // The time cursor: every view shows the run at this instant. It never goes past what the
    // run has computed.
    SimTime cursor() const { return m_cursor; }
    void setCursor(SimTime t);
    SimTime end() const; // the run's length (its scenario's duration)
    void play();
    void pause();
    void togglePlay() { playing() ? pause() : play(); }
    bool playing() const { return m_playing; }
    // Virtual seconds per wall second; 0 means as fast as possible.
    void setSpeed(double speed);
    double speed() const { return m_speed; }
    void stepForward(); // to the next record after the cursor
    void stepBack();    // to the previous record before it
    void goToStart() { setCursor(SimTime::zero()); }
    void goToEnd() { setCursor(end()); }

    const Selection& selection() const { return m_selection; }
    void select(const Selection& selection);

    // A route the Routing view shows (an exchange and the queues a key reaches through it),
    // for the canvas to light up; no queues when none is shown.
    struct ShownRoute {
        std::string exchange;
        std::vector<std::string> queues;
        bool operator==(const ShownRoute&) const = default;
    };
    const ShownRoute& shownRoute() const { return m_shownRoute; }
    void showRoute(const ShownRoute& route);

    // Adds an intervention (its time is usually the cursor) and runs the session again.
    // Returns "" or why it cannot be added.
    QString inject(const Intervention& intervention);
    // Adds several at once (all or none) and runs the session again once.
    QString inject(const std::vector<Intervention>& interventions);
    void removeIntervention(std::size_t index);
    QString moveIntervention(std::size_t index, SimTime at);
    // Sets one value of the scenario (the properties panel) and runs it again from the start,
    // the views rebuilt for the changed scenario: "" or why the value was refused (nothing
    // changes then).
    QString editScenario(const ScenarioEdit& edit);
    // Several edits as one (a part added or removed on the canvas, with what goes with it).
    QString editScenario(const std::vector<ScenarioEdit>& edits);
    // Writes the session to `path` (done, or refused with the error): as a recording when it
    // ends in .evrec
    // (the run is computed again, on this thread), otherwise as the scenario with the added
    // interventions in its timeline.
    Status saveSessionAs(const QString& path);
    // The same for a copy of a session, on any thread; `progress` and `*cancel` follow and
    // stop a recording's run (nothing is written when it stops).
    static Status saveSession(const Session& session, const QString& path,
                              std::function<void(const RunProgress&)> progress = {},
                              const std::atomic<bool>* cancel = nullptr);

Q_SIGNALS:
    void sessionOpened(); // a new scenario (views rebuild)
    void runRestarted();  // the same scenario runs again from the start
    void dataChanged();   // more of the run arrived (batched, ~20 times a second)
    void runFinished();
    void cursorChanged(SimTime t);
    void playingChanged(bool playing);
    void speedChanged(double speed);
    void selectionChanged();
    void shownRouteChanged();
    void interventionsChanged();
    void unsavedChanged();    // unsaved() changed
    void fileChangedOnDisk(); // after an automatic reload

private:
    struct Job;
    // The run's thread, waited for before it is deleted: the run it holds finishes (or sees
    // its cancel flag) first.
    struct JoinThread {
        void operator()(QThread* thread) const;
    };
    void startRun();
    void pollRun();
    void tick();
    void watch(const QString& path);
    void setUnsaved(bool unsaved);
    // After an intervention was added, removed or moved: the run again, and it is unsaved.
    void interventionsEdited();

    std::optional<Session> m_session;
    std::unique_ptr<RunData> m_data;
    std::unique_ptr<RunIndex> m_index;
    std::shared_ptr<Job> m_job;
    std::unique_ptr<QThread, JoinThread> m_thread; // runs m_job
    QTimer m_poll;
    QTimer m_nextSlice; // takes in the next slice of a backlog the run built up
    QTimer m_playTimer;
    QElapsedTimer m_wall;
    QFileSystemWatcher m_watcher;
    SimTime m_cursor;
    ShownRoute m_shownRoute;
    // Where the cursor should go once a restarted run has computed that far.
    std::optional<SimTime> m_wantedCursor;
    bool m_playing = false;
    bool m_unsaved = false;
    double m_speed = 1.0;
    Selection m_selection;
    QString m_report;
    QString m_recordingProblem;
};

} // namespace evsim::gui
