#include "simulator/engine/consumers.h"

// Consumers, continued: what happens to a consumer's deliveries when its channel closes, its
// connection drops, or its process crashes, pauses or hangs, and poison rules.

namespace evsim {

void Consumers::publishDecided(std::uint32_t ticket, bool written) {
    m_publishers.publishDecided(ticket, written);
}

void Consumers::sessionClosedByBroker(ConsumerIndex consumer) {
    // The client library drops what the closed channel had sent and not yet handed to the
    // application (the broker requeued it), then opens a new channel and consumes again. What
    // the application is processing it finishes; its ack is ignored.
    trackRepeats(); // what it processed is delivered again
    dropBacklog(m_consumers[consumer.value()], DropReason::None);
    m_core.broker->openSession(consumer);
}

void Consumers::dropBacklog(Consumer& c, DropReason autoAckLoss) {
    // What is on its way is void too: its arrival event finds it done.
    c.held.finishEach([&](HeldDelivery& d) {
        if (d.state == HeldDelivery::State::Processed) {
            return true; // its batch's ack will never be sent: the broker requeued it
        }
        if (d.state != HeldDelivery::State::OnTheWay && d.state != HeldDelivery::State::Arrived) {
            return false; // in processing or settling: not the backlog's
        }
        if (autoAckLoss != DropReason::None && c.autoAck) {
            m_core.drop(autoAckLoss, m_core.messages[d.message], c.entity, c.queueEntity,
                        d.attempt);
        }
        m_core.messages.release(d.message);
        return true;
    });
    c.arrived = 0;
    c.batched = 0;
}

void Consumers::closeSessions(const ServiceInstance& instance, ChannelCloseCause cause) {
    trackRepeats(); // before the broker requeues what the instance processed and had not acked
    for (std::uint32_t i = 0; i < instance.consumerCount; ++i) {
        m_core.broker->closeSession(ConsumerIndex(instance.firstConsumer + i), cause);
    }
}

void Consumers::dropHeld(ServiceInstance& instance, DropReason reason) {
    const bool crashed = reason == DropReason::InstanceCrash;
    for (std::uint32_t i = 0; i < instance.consumerCount; ++i) {
        Consumer& c = m_consumers[instance.firstConsumer + i];
        if (crashed && c.busy) {
            const HeldDelivery& d = c.held[c.current];
            if (c.autoAck) {
                m_core.drop(DropReason::InstanceCrash, m_core.messages[d.message], c.entity,
                            c.queueEntity, d.attempt);
            }
            m_core.messages.release(d.message);
            c.held.finish(c.current);
            c.busy = false;
            c.stuck = false;
        }
        // What it was sent on the dead connection is void: the broker requeued what it had not
        // acked, and the auto-ack deliveries, which the broker forgot, are lost. After a
        // disconnect the one in processing finishes, but its ack has nowhere to go: the broker
        // redelivers it.
        dropBacklog(c, reason);
        if (crashed && c.idempotency != UINT32_MAX && !c.durableStore) {
            m_stores[c.idempotency].clear(); // an in-memory store dies with its process
        }
    }
}

void Consumers::reconnected(ServiceInstance& instance) {
    for (std::uint32_t i = 0; i < instance.consumerCount; ++i) {
        m_core.broker->openSession(ConsumerIndex(instance.firstConsumer + i));
    }
}

std::vector<EntityId> Consumers::setConsuming(const ServiceInstance& instance,
                                              std::optional<std::uint32_t> queue, bool consuming) {
    std::vector<EntityId> changed;
    for (std::uint32_t i = 0; i < instance.consumerCount; ++i) {
        Consumer& c = m_consumers[instance.firstConsumer + i];
        if ((queue && c.queue != *queue) || c.cancelled == !consuming) {
            continue;
        }
        c.cancelled = !consuming;
        m_core.broker->setConsuming(ConsumerIndex(instance.firstConsumer + i), consuming);
        changed.push_back(c.entity);
    }
    return changed;
}

void Consumers::onStartConsuming(std::uint32_t consumer, std::uint32_t step) {
    Consumer& c = m_consumers[consumer];
    if (step == kAnnounceWaiting) {
        m_core.recordAbout(RecordKind::FaultStarted, c.entity, 0,
                           static_cast<std::uint8_t>(FaultKind::NotConsuming));
        return;
    }
    if (!c.cancelled) {
        return; // an intervention started it already
    }
    c.cancelled = false;
    m_core.broker->setConsuming(ConsumerIndex(consumer), true);
    m_core.recordAbout(RecordKind::FaultEnded, c.entity, 0,
                       static_cast<std::uint8_t>(FaultKind::NotConsuming));
}

bool Consumers::consumesFrom(const ServiceInstance& instance, std::uint32_t queue) const {
    for (std::uint32_t i = 0; i < instance.consumerCount; ++i) {
        if (m_consumers[instance.firstConsumer + i].queue == queue) {
            return true;
        }
    }
    return false;
}

void Consumers::resumed(ServiceInstance& instance) {
    for (std::uint32_t i = 0; i < instance.consumerCount; ++i) {
        const std::uint32_t index = instance.firstConsumer + i;
        if (m_consumers[index].stuck) {
            complete(index);
        } else {
            startNext(index);
        }
    }
}

void Consumers::addPoison(std::uint32_t service, const PoisonRule& rule) {
    m_poison.add(service, rule);
}

} // namespace evsim
