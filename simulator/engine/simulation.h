#pragma once

#include "simulator/engine/consumers.h"
#include "simulator/engine/engine_core.h"
#include "simulator/engine/fault_injector.h"
#include "simulator/engine/metrics_probe.h"
#include "simulator/engine/publishers.h"
#include "simulator/engine/sink_attachment.h"
#include "simulator/kernel/status.h"
#include "simulator/observe/loss_tally.h"
#include "simulator/observe/metrics_sink.h"
#include "simulator/observe/record_sink.h"
#include "simulator/observe/run_summary.h"
#include "simulator/scenario/scenario.h"

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace evsim {

// How often a run checks its own books (Simulation::checkInvariants).
enum class InvariantChecks : std::uint8_t {
    BuildDefault, // Dense where assertions are on (Debug, the long preset), else Sampled
    EveryEvent,
    // After every event while the books are small (a check reads at most kDenseWork items);
    // in a larger state, as often as keeps the reading to kDenseWork items an event: a
    // backlog of thousands does not make a Debug run quadratic.
    Dense,
    Sampled, // after runs of events long enough that checking costs well under 1 % of the run
    Off,
};

struct SimulationOptions {
    std::optional<std::uint64_t> seed; // overrides the scenario's seed
    bool keepRecords = true;           // false: digest and summary only, constant memory
    // A run stops as stalled after this many events at one instant (see Simulation::stalled).
    std::uint64_t maxEventsPerInstant = 10'000'000;
    InvariantChecks invariants = InvariantChecks::BuildDefault;
};

// Bytes a run holds, by what holds them: what a memory budget names when it is exceeded.
struct MemoryUsage {
    std::size_t records = 0;   // records kept for views and exports (none with keepRecords off)
    std::size_t messages = 0;  // message state, kept messages included
    std::size_t queues = 0;    // queue copies and ready lists at the broker
    std::size_t events = 0;    // pending events and what is on the wire
    std::size_t consumers = 0; // deliveries held at consumers, idempotency stores
    // The largest single table among them. Tables grow by doubling, which holds the old
    // storage and the copied part of the new at once: the next growth may need this much more.
    std::size_t largestTable = 0;
    std::size_t total() const { return records + messages + queues + events + consumers; }
};

// A counter the caller owns (the bytes its thread has allocated, say) and the value at which
// a run pauses. Checked after every event, so the pause comes however much one event does.
struct PauseAt {
    const std::uint64_t* counter = nullptr;
    std::uint64_t limit = UINT64_MAX;
};

// One run of one scenario: clock, scheduler, random streams, broker, network and services.
// Single-threaded and self-contained (no globals): two Simulations in one process never
// influence each other. The caller owns the loop (step(), runUntil()).
class Simulation final {
public:
    explicit Simulation(const Scenario& scenario, SimulationOptions options = {});
    ~Simulation();
    Simulation(const Simulation&) = delete;
    Simulation& operator=(const Simulation&) = delete;

    // The single entry point for changes to a running simulation: scenario timelines and live
    // sessions both come through here, so a session is reproducible from its interventions.
    // Takes effect at `intervention.at`, which must not be before now(). Refused, with why,
    // for the past or a target the run does not have.
    Status inject(const Intervention& intervention);

    // `service`'s consumers run `handler` (application code, see ConsumerHandler) instead of
    // the scenario's model; nullptr goes back to the model. The handler must outlive the run.
    // Refused, with why, for an unknown service or one that consumes nothing.
    Status setHandler(std::string_view service, ConsumerHandler* handler);

    // Fires the next pending event; false when there is none.
    bool step();
    // Fires every event at or before `end`, then sets the clock to `end`.
    void runUntil(SimTime end);
    // The same, pausing after `maxEvents` events: true when it reached `end`. A paused run
    // continues exactly as if it had not paused.
    bool runUntil(SimTime end, std::uint64_t maxEvents);
    // The same, pausing as well after the event that takes *pause.counter to pause.limit.
    bool runUntil(SimTime end, std::uint64_t maxEvents, PauseAt pause);
    // runUntil(the scenario's duration).
    void run() { runUntil(m_duration); }

    SimTime now() const { return m_core.now(); }
    // True once a run stopped because time could not advance: more than
    // SimulationOptions::maxEventsPerInstant events at one instant (a zero-time requeue loop).
    // Nothing fires after that; every message stays accounted for.
    bool stalled() const { return m_core.halt() == Halt::Stalled; }
    Halt halt() const { return m_core.halt(); }
    std::uint64_t maxEventsPerInstant() const { return m_maxEventsPerInstant; }
    // When the last event fired (0 before the first).
    SimTime lastEventTime() const { return m_lastEventTime; }
    SimTime duration() const { return m_duration; }
    std::uint64_t seed() const { return m_core.seed; }
    bool idle() const { return m_core.scheduler.empty(); }
    // Time of the next pending event, or SimTime::max() when idle.
    SimTime nextEventTime() const;

    const RecordLog& log() const { return m_core.log; }
    // `sink` sees every record appended from now on, after the sinks attached before it, for
    // as long as the returned attachment lives (RunOptions::watch keeps it for the run). Not
    // owned: the attachment must end before the sink does.
    SinkAttachment attach(RecordSink& sink);
    // `sink` gets a metrics sample every metrics interval, the same way.
    SinkAttachment attach(MetricsSink& sink);
    // Copies that left the run unprocessed, by cause (semantics.md INV01, `no_loss`).
    const LossTally& losses() const { return m_core.losses; }
    std::uint64_t digest() const { return m_core.log.digest(); }
    std::uint64_t eventsProcessed() const { return m_eventsProcessed; }
    const EntityTable& entities() const { return m_core.entities; }
    const StringTable& strings() const { return m_core.strings; }
    // Event type names by Message::eventType.
    const StringTable& eventTypes() const { return m_core.eventTypes; }
    const MessageStore& messages() const { return m_core.messages; }
    const std::vector<Intervention>& interventions() const { return m_core.interventions; }
    const BrokerModel& broker() const { return *m_core.broker; }
    const Network& network() const { return *m_core.network; }
    // Alerts raised and resolved so far, in order, and the rules they belong to.
    const std::vector<AlertEvent>& alertEvents() const { return m_metrics->alertEvents(); }
    const std::vector<AlertRule>& alertRules() const { return m_metrics->monitor().rules(); }

    // Checks the run's bookkeeping against itself: every message's references against its
    // holders (broker copies, publishes on the wire, consumers), every link's in-flight count
    // against the events crossing it, the broker's and the consumers' own counts. Throws
    // InvariantViolation, naming the record count, the entity and the condition, at the
    // first disagreement. Runs by itself as SimulationOptions::invariants says.
    void checkInvariants() const;
    // How many times the run checked them by itself so far.
    std::uint64_t invariantChecks() const { return m_invariantChecks; }

    RunSummary summary() const;
    // The JSON body of a message.
    const std::string& bodyOf(const Message& message) const { return m_core.strings[message.body]; }
    // What the run holds now, by holder; cheap enough to call every few thousand events.
    MemoryUsage memoryUsage() const;
    // Bytes of per-message state held right now: messages, queue copies, consumer backlogs
    // and pending events, without container slack or fixed overhead.
    std::size_t liveMessageStateBytes() const;
    // Bytes held by per-message state (messages, queue copies, buffers, pending events).
    std::size_t inFlightStateBytes() const;

private:
    friend class SinkAttachment;
    // Detaches what an attachment attached (either may be nullptr).
    void detach(RecordSink* records, MetricsSink* metrics);

    void build(const Scenario& scenario);
    // Fires the next event; false when the stall guard stopped the run instead.
    bool fireNext();
    void dispatch(const Event& e);
    // Checks the invariants and sets when they are next checked.
    void checkAndPlanNext();

    EngineCore m_core;
    Publishers m_publishers;
    Consumers m_consumers;
    std::unique_ptr<FaultInjector> m_faults;
    std::unique_ptr<MetricsProbe> m_metrics;
    SimTime m_duration;
    SimTime m_lastEventTime;
    std::string m_scenarioName;
    std::vector<std::string> m_serviceNames;
    std::uint64_t m_eventsProcessed = 0;
    std::uint64_t m_eventsThisInstant = 0;
    std::uint64_t m_maxEventsPerInstant = 10'000'000;
    // Sampled checks come at least this many events apart, more when the state is large.
    static constexpr std::uint64_t kSampleEvents = 1 << 16;
    // Dense checks read at most about this many items an event, on average.
    static constexpr std::uint64_t kDenseWork = 64;
    InvariantChecks m_invariantMode = InvariantChecks::Off;
    std::uint64_t m_eventsUntilCheck = UINT64_MAX; // counts down; checks at 0
    std::uint64_t m_invariantChecks = 0;
};

} // namespace evsim
