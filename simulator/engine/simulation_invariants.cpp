#include "simulator/engine/simulation.h"

#include <algorithm>
#include <string>

// Simulation, continued: the run's books checked against themselves.

namespace evsim {

void Simulation::checkInvariants() const {
    InvariantCheck check(m_core.entities, m_core.log.count(), m_core.now());
    // What the pending events say is on the wire: messages held by publishes, what crosses
    // each link, and each consumer's deliveries on their way.
    std::vector<std::uint32_t> references(m_core.messages.slots(), 0);
    std::vector<std::uint64_t> onLink(m_core.network->linkCount(), 0);
    std::vector<std::uint32_t> arrivals(m_consumers.count(), 0);
    std::size_t flights = 0;
    m_core.scheduler.forEachPending([&](const Event& e) {
        switch (e.kind()) {
        case EventKind::ArriveAtBroker: {
            const Flight& f = m_core.flights[FlightIndex(e.payload)];
            ++flights;
            ++onLink[m_publishers.linkOf(f)];
            ++references[f.message];
            break;
        }
        case EventKind::ConfirmAtPublisher:
            ++flights;
            ++onLink[m_publishers.linkOf(m_core.flights[FlightIndex(e.payload)])];
            break;
        case EventKind::ArriveAtConsumer:
            ++onLink[m_consumers.inboundLink(e.target)];
            arrivals[e.target] += m_consumers.onItsWay(e.target, e.payload) ? 1 : 0;
            break;
        case EventKind::AckAtBroker:
        case EventKind::NackAtBroker:
        case EventKind::AckBatchAtBroker:
            ++onLink[m_consumers.outboundLink(e.target)];
            break;
        default:
            break;
        }
    });
    EVSIM_INVARIANT(check, flights == m_core.flights.live(), kNoEntity,
                    std::to_string(m_core.flights.live()) +
                        " publishes and confirms in the in-flight table, but " +
                        std::to_string(flights) + " events for them");
    for (LinkIndex link = 0; link < onLink.size(); ++link) {
        EVSIM_INVARIANT(check, m_core.network->inFlight(link) == onLink[link],
                        m_core.network->link(link).entity,
                        "counts " + std::to_string(m_core.network->inFlight(link)) +
                            " messages in flight, but " + std::to_string(onLink[link]) +
                            " events are on their way over it");
    }
    m_consumers.checkInvariants(check, references, arrivals);
    m_core.broker->checkInvariants(check, references);
    m_core.messages.checkReferences(references, check);
}

void Simulation::checkAndPlanNext() {
    checkInvariants();
    ++m_invariantChecks;
    if (m_invariantMode == InvariantChecks::EveryEvent) {
        m_eventsUntilCheck = 1;
        return;
    }
    // A check reads about this much state. Spacing checks by a multiple of it keeps their
    // cost a fixed fraction of the events' however large the system is.
    const std::uint64_t work = m_core.scheduler.size() + m_core.messages.slots() +
                               m_core.broker->heldCopies() + m_consumers.count() +
                               m_core.network->linkCount() + m_core.broker->queueCount();
    m_eventsUntilCheck = m_invariantMode == InvariantChecks::Dense
                             ? std::max<std::uint64_t>(1, work / kDenseWork)
                             : std::max<std::uint64_t>(kSampleEvents, 64 * work);
}

} // namespace evsim
