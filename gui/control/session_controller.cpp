#include "gui/control/session_controller.h"

#include "harness/run/runner.h"
#include "harness/run/summary_report.h"
#include "harness/session/run_backlog.h"
#include "harness/session/run_feed.h"
#include "harness/session/session_files.h"
#include "simulator/engine/simulation.h"

#include <QFileInfo>
#include <QThread>
#include <algorithm>
#include <atomic>
#include <limits>
#include <mutex>

namespace evsim::gui {

// One run on its own thread. The controller and the thread share it; the thread touches only
// the simulation it builds and the feed, the controller only what the feed hands over.
struct SessionController::Job {
    Scenario scenario;
    std::optional<std::uint64_t> seed;
    std::atomic<bool> cancel{false};
    std::atomic<bool> done{false};
    std::mutex feedMutex;
    std::unique_ptr<RunFeed> feed; // set by the run's thread before its first event
    RunOutcome outcome;            // the thread writes it, then sets `done`

    RunBatch take() {
        const std::lock_guard lock(feedMutex);
        return feed ? feed->take() : RunBatch{};
    }
    RunBacklog backlog; // taken from the feed, not yet given to the views (GUI thread only)
};

namespace {

// How often the views hear about a run that is still computing.
constexpr int kPollMilliseconds = 50;
constexpr int kFrameMilliseconds = 16;
// Records the views take in at one step (about 20 ms of work on the GUI thread): a run that
// computes faster than that is taken in over several steps, the window answering between them.
constexpr std::size_t kMostRecordsPerStep = 20'000;

} // namespace

SessionController::SessionController(QObject* parent)
    : QObject(parent), m_data(std::make_unique<RunData>()),
      m_index(std::make_unique<RunIndex>(*m_data)) {
    m_poll.setInterval(kPollMilliseconds);
    connect(&m_poll, &QTimer::timeout, this, &SessionController::pollRun);
    m_nextSlice.setSingleShot(true);
    m_nextSlice.setInterval(0);
    connect(&m_nextSlice, &QTimer::timeout, this, &SessionController::pollRun);
    m_playTimer.setInterval(kFrameMilliseconds);
    connect(&m_playTimer, &QTimer::timeout, this, &SessionController::tick);
    connect(&m_watcher, &QFileSystemWatcher::fileChanged, this, [this](const QString& path) {
        // Editors save by replacing the file: watch the new one too.
        QTimer::singleShot(200, this, [this, path] {
            watch(path);
            if (QFileInfo::exists(path) && reload()) {
                Q_EMIT fileChangedOnDisk();
            }
        });
    });
}

void SessionController::JoinThread::operator()(QThread* thread) const {
    thread->wait();
    delete thread;
}

SessionController::~SessionController() {
    cancelRun();
}

QString SessionController::filePath() const {
    return m_session ? QString::fromStdString(m_session->path()) : QString();
}

void SessionController::watch(const QString& path) {
    if (!m_watcher.files().contains(path) && QFileInfo::exists(path)) {
        m_watcher.addPath(path);
    }
}

bool SessionController::openFile(const QString& path, QString* errors) {
    LoadResult<Session> opened = openSessionFile(path.toStdString());
    if (!opened.ok()) {
        if (errors != nullptr) {
            *errors = QString::fromStdString(formatErrors(opened.errors));
        }
        return false;
    }
    openSession(std::move(*opened.value));
    watch(path);
    return true;
}

void SessionController::openSession(Session session) {
    if (!m_watcher.files().isEmpty()) {
        m_watcher.removePaths(m_watcher.files());
    }
    m_session = std::move(session);
    setUnsaved(false);
    m_cursor = SimTime::zero();
    m_selection = {};
    pause();
    startRun();
    Q_EMIT sessionOpened();
    Q_EMIT cursorChanged(m_cursor);
}

bool SessionController::reload(QString* errors) {
    if (!m_session) {
        return false;
    }
    LoadResult<Session> opened = openSessionFile(m_session->path());
    if (!opened.ok()) {
        if (errors != nullptr) {
            *errors = QString::fromStdString(formatErrors(opened.errors));
        }
        return false;
    }
    Session fresh = std::move(*opened.value);
    for (const Intervention& i : m_session->added()) {
        static_cast<void>(fresh.add(i)); // those that no longer fit the file are dropped
    }
    fresh.seed = m_session->seed;
    m_session = std::move(fresh);
    m_wantedCursor = m_cursor;
    startRun();
    Q_EMIT sessionOpened();
    Q_EMIT interventionsChanged();
    return true;
}

void SessionController::cancelRun() {
    if (!m_job) {
        return;
    }
    m_job->cancel = true;
    m_thread.reset();
    m_job.reset();
    m_poll.stop();
    m_nextSlice.stop();
}

void SessionController::startRun() {
    cancelRun();
    if (!m_wantedCursor && m_cursor > SimTime::zero()) {
        m_wantedCursor = m_cursor;
    }
    m_cursor = SimTime::zero();
    // The same RunData object, emptied: models keep a reference to it.
    *m_data = RunData();
    m_report.clear();
    m_recordingProblem.clear();
    m_index = std::make_unique<RunIndex>(*m_data);
    auto job = std::make_shared<Job>();
    job->scenario = m_session->effective();
    job->seed = m_session->seed;
    m_data->setSeed(job->seed.value_or(job->scenario.seed));
    m_thread.reset(QThread::create([job] {
        RunOptions options;
        options.seed = job->seed;
        options.keepRecords = false; // the app keeps its own copy, fed as the run goes
        options.cancel = &job->cancel;
        options.watch = [&job](Simulation& sim) {
            const std::lock_guard lock(job->feedMutex);
            job->feed = std::make_unique<RunFeed>(sim);
            return attachments(sim.attach(static_cast<RecordSink&>(*job->feed)),
                               sim.attach(static_cast<MetricsSink&>(*job->feed)));
        };
        try {
            job->outcome = runScenario(job->scenario, options);
        } catch (const std::bad_alloc&) {
            job->outcome.stop = RunStop::MemoryBudget; // out of memory: shown as a stop
        } catch (const std::exception& e) {
            job->outcome.stop = RunStop::Failed; // a consumer handler's, or a bug: say which
            job->outcome.failure = e.what();
        }
        job->done = true;
    }));
    m_job = job;
    m_thread->start();
    m_poll.start();
}

void SessionController::pollRun() {
    if (!m_job) {
        return;
    }
    const bool done = m_job->done.load(); // before the take: then everything is in it
    m_job->backlog.add(m_job->take());
    RunBatch batch = m_job->backlog.next(kMostRecordsPerStep);
    const bool grew = !batch.records.empty() || !batch.samples.empty();
    m_data->append(std::move(batch));
    m_index->update();
    if (!m_job->backlog.empty()) {
        m_nextSlice.start(); // the rest at the next turn of the event loop, not all now
    } else if (done) {
        m_thread.reset();
        m_data->finish(m_job->outcome);
        if (m_job->outcome.simulation) {
            m_report = QString::fromStdString(
                formatRunReport(m_job->outcome, false, std::numeric_limits<std::size_t>::max()));
            m_recordingProblem =
                QString::fromStdString(recordingMismatch(*m_session, m_job->outcome));
        }
        m_job.reset();
        m_poll.stop();
        Q_EMIT dataChanged();
        Q_EMIT runFinished();
        const SimTime wanted = m_wantedCursor.value_or(m_cursor);
        m_wantedCursor.reset();
        m_cursor = SimTime::max(); // so that the clamped position is announced
        setCursor(wanted);
        return;
    }
    if (grew) {
        Q_EMIT dataChanged();
    }
    if (m_wantedCursor && m_data->frontier() >= *m_wantedCursor) {
        const SimTime wanted = *m_wantedCursor;
        m_wantedCursor.reset();
        setCursor(wanted);
    }
}

void SessionController::runToEnd() {
    while (m_job) {
        m_thread->wait(kPollMilliseconds);
        pollRun();
    }
}

SimTime SessionController::end() const {
    return m_session ? m_session->scenario().duration : SimTime::zero();
}

void SessionController::setCursor(SimTime t) {
    const SimTime limit = m_data->finished() ? end() : m_data->frontier();
    t = std::clamp(t, SimTime::zero(), std::max(SimTime::zero(), limit));
    if (t == m_cursor) {
        return;
    }
    m_cursor = t;
    Q_EMIT cursorChanged(m_cursor);
}

void SessionController::play() {
    if (m_playing || !m_session) {
        return;
    }
    if (m_data->finished() && m_cursor >= end()) {
        setCursor(SimTime::zero()); // play again from the start
    }
    m_playing = true;
    m_wall.start();
    m_playTimer.start();
    Q_EMIT playingChanged(true);
}

void SessionController::pause() {
    if (!m_playing) {
        return;
    }
    m_playing = false;
    m_playTimer.stop();
    Q_EMIT playingChanged(false);
}

void SessionController::setSpeed(double speed) {
    m_speed = std::max(0.0, speed);
    Q_EMIT speedChanged(m_speed);
}

void SessionController::tick() {
    const double wallSeconds = static_cast<double>(m_wall.restart()) / 1000.0;
    const SimTime limit = m_data->finished() ? end() : m_data->frontier();
    SimTime next = limit;
    if (m_speed > 0) {
        next =
            m_cursor + SimTime::fromNanos(static_cast<std::int64_t>(wallSeconds * m_speed * 1e9));
    }
    setCursor(std::min(next, limit));
    if (m_data->finished() && m_cursor >= end()) {
        pause();
    }
}

void SessionController::stepForward() {
    const auto& records = m_data->records();
    const std::size_t i = m_data->firstRecordAt(m_cursor + SimTime::fromNanos(1));
    if (i < records.size()) {
        setCursor(records[i].time);
    }
}

void SessionController::stepBack() {
    const auto& records = m_data->records();
    const std::size_t i = m_data->firstRecordAt(m_cursor);
    setCursor(i == 0 || records.empty() ? SimTime::zero() : records[i - 1].time);
}

void SessionController::select(const Selection& selection) {
    if (selection == m_selection) {
        return;
    }
    m_selection = selection;
    Q_EMIT selectionChanged();
}

void SessionController::showRoute(const ShownRoute& route) {
    if (route == m_shownRoute) {
        return;
    }
    m_shownRoute = route;
    Q_EMIT shownRouteChanged();
}

QString SessionController::inject(const Intervention& intervention) {
    return inject(std::vector<Intervention>{intervention});
}

QString SessionController::inject(const std::vector<Intervention>& interventions) {
    if (!m_session) {
        return tr("Open a scenario first.");
    }
    const std::size_t before = m_session->added().size();
    for (const Intervention& intervention : interventions) {
        const Status added = m_session->add(intervention);
        if (!added.ok()) {
            while (m_session->added().size() > before) {
                m_session->remove(m_session->added().size() - 1);
            }
            return QString::fromStdString(added.why());
        }
    }
    interventionsEdited();
    return {};
}

void SessionController::removeIntervention(std::size_t index) {
    if (!m_session) {
        return;
    }
    m_session->remove(index);
    interventionsEdited();
}

QString SessionController::moveIntervention(std::size_t index, SimTime at) {
    if (!m_session) {
        return {};
    }
    const Status moved = m_session->moveTo(index, at);
    if (!moved.ok()) {
        return QString::fromStdString(moved.why());
    }
    interventionsEdited();
    return {};
}

Status SessionController::saveSessionAs(const QString& path) {
    if (!m_session) {
        return Status::refused(tr("Nothing to save.").toStdString());
    }
    Status saved = saveSession(*m_session, path);
    if (saved.ok()) {
        markSaved();
    }
    return saved;
}

void SessionController::interventionsEdited() {
    m_wantedCursor = m_cursor; // the run starts again; the cursor comes back where it was
    startRun();
    Q_EMIT runRestarted();
    Q_EMIT interventionsChanged();
    setUnsaved(true);
}

QString SessionController::editScenario(const ScenarioEdit& edit) {
    return editScenario(std::vector<ScenarioEdit>{edit});
}

QString SessionController::editScenario(const std::vector<ScenarioEdit>& edits) {
    if (!m_session) {
        return tr("Open a scenario first.");
    }
    if (const Status done = m_session->edit(edits); !done.ok()) {
        return QString::fromStdString(done.why());
    }
    // An edit may add or remove entities, which numbers the run's entities anew.
    if (m_selection.kind == Selection::Kind::Entity) {
        m_selection = {};
        Q_EMIT selectionChanged();
    }
    m_wantedCursor = m_cursor;
    startRun();
    Q_EMIT sessionOpened();
    setUnsaved(true);
    return {};
}

void SessionController::markSaved() {
    setUnsaved(false);
}

void SessionController::setUnsaved(bool unsaved) {
    if (m_unsaved != unsaved) {
        m_unsaved = unsaved;
        Q_EMIT unsavedChanged();
    }
}

Status SessionController::saveSession(const Session& session, const QString& path,
                                      std::function<void(const RunProgress&)> progress,
                                      const std::atomic<bool>* cancel) {
    if (isRecordingPath(path.toStdString())) {
        return saveSessionRecording(session, path.toStdString(), "evsim " EVSIM_VERSION,
                                    std::move(progress), cancel);
    }
    return session.saveAs(path.toStdString());
}

} // namespace evsim::gui
