#include "harness/benchmark/standard_model.h"

namespace evsim {

Scenario standardModel(std::uint64_t messages, std::uint64_t seed) {
    constexpr std::uint32_t kProducers = 10;
    constexpr std::uint32_t kConsumers = 8;
    Scenario s;
    s.name = "bench-standard";
    s.description = "10 producers, one queue, 8 consumers, 1-5 ms hops";
    s.seed = seed;
    s.duration = SimTime::fromSeconds(24 * 3600); // ends when the last ack arrives
    s.broker.amqp.queues.push_back(QueueSpec{"work"});

    ServiceSpec producers;
    producers.name = "producers";
    producers.instances = kProducers;
    ProducerSpec p;
    p.eventType = "WorkItem";
    p.exchange = ""; // default exchange: routing key = queue name
    p.routingKey = "work";
    p.gap = Distribution::exponential(SimTime::fromMillis(1));
    p.count = messages / kProducers;
    producers.produces.push_back(p);
    s.services.push_back(producers);

    ServiceSpec workers;
    workers.name = "workers";
    workers.instances = kConsumers;
    ConsumerSpec c;
    c.queue = "work";
    c.prefetch = 10;
    c.processing = Distribution::exponential(SimTime::fromMicros(500));
    workers.consumes.push_back(c);
    s.services.push_back(workers);

    const Distribution hop = Distribution::uniform(SimTime::fromMillis(1), SimTime::fromMillis(5));
    s.network.links.push_back(LinkSpec{"producers", "broker", hop});
    s.network.links.push_back(LinkSpec{"workers", "broker", hop});
    return s;
}

} // namespace evsim
