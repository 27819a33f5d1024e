#include "simulator/engine/consumers.h"

#include <string>

// Consumers, continued: their books checked against themselves (Simulation::checkInvariants).

namespace evsim {

void Consumers::checkInvariants(const InvariantCheck& check, std::vector<std::uint32_t>& references,
                                const std::vector<std::uint32_t>& arrivals) const {
    for (std::uint32_t i = 0; i < m_consumers.size(); ++i) {
        const Consumer& c = m_consumers[i];
        std::uint32_t onTheWay = 0;
        std::uint32_t arrived = 0;
        std::uint32_t processing = 0;
        std::uint32_t batched = 0;
        c.held.forEach([&](const HeldDelivery& d) {
            switch (d.state) {
            case HeldDelivery::State::OnTheWay:
                ++onTheWay;
                break;
            case HeldDelivery::State::Arrived:
                ++arrived;
                break;
            case HeldDelivery::State::Processing:
                ++processing;
                break;
            case HeldDelivery::State::Processed:
                ++batched;
                return; // as below
            case HeldDelivery::State::Settling:
            case HeldDelivery::State::Done:
                return; // the message was let go when processing ended
            }
            ++references[d.message]; // held from the broker's send until processing ends
        });
        EVSIM_INVARIANT(check, arrived == c.arrived, c.entity,
                        "counts " + std::to_string(c.arrived) + " arrived deliveries, holds " +
                            std::to_string(arrived));
        EVSIM_INVARIANT(check, batched == c.batched, c.entity,
                        "counts " + std::to_string(c.batched) + " acks waiting for their batch, " +
                            "holds " + std::to_string(batched));
        EVSIM_INVARIANT(check, processing == (c.busy ? 1u : 0u), c.entity,
                        std::string(c.busy ? "busy" : "idle") + ", but " +
                            std::to_string(processing) + " deliveries are in processing");
        EVSIM_INVARIANT(
            check,
            !c.busy || (c.held.find(c.current) != nullptr &&
                        c.held.find(c.current)->state == HeldDelivery::State::Processing),
            c.entity,
            "its current delivery " + std::to_string(c.current) + " is not the one in processing");
        EVSIM_INVARIANT(check, onTheWay == arrivals[i], c.entity,
                        std::to_string(onTheWay) + " deliveries on the way, but " +
                            std::to_string(arrivals[i]) + " arrival events for them");
    }
}

} // namespace evsim
