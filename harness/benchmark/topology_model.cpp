#include "harness/benchmark/topology_model.h"

#include <fmt/format.h>

namespace evsim {

Scenario topologyModel(std::uint32_t queues, std::uint64_t messages, std::uint64_t seed) {
    Scenario s;
    s.name = fmt::format("bench-topology-{}", queues);
    s.description = "one direct exchange, one queue per producer and consumer service";
    s.seed = seed;
    s.duration = SimTime::fromSeconds(24 * 3600); // ends when the last ack arrives
    s.broker.amqp.exchanges.push_back(ExchangeSpec{"events", ExchangeType::Direct});
    const Distribution hop = Distribution::uniform(SimTime::fromMillis(1), SimTime::fromMillis(5));
    s.network.latency = hop;
    const std::uint64_t perProducer = std::max<std::uint64_t>(1, messages / queues);
    s.services.reserve(2 * std::size_t{queues});
    for (std::uint32_t i = 0; i < queues; ++i) {
        const std::string queue = fmt::format("q{:05}", i);
        const std::string key = fmt::format("k{:05}", i);
        s.broker.amqp.queues.push_back(QueueSpec{queue});
        s.broker.amqp.bindings.push_back(BindingSpec{"events", queue, key});

        ServiceSpec producer;
        producer.name = fmt::format("producer{:05}", i);
        ProducerSpec p;
        p.eventType = "WorkItem";
        p.exchange = "events";
        p.routingKey = key;
        p.gap = Distribution::exponential(SimTime::fromMillis(1));
        p.count = perProducer;
        producer.produces.push_back(std::move(p));
        s.services.push_back(std::move(producer));

        ServiceSpec consumer;
        consumer.name = fmt::format("consumer{:05}", i);
        ConsumerSpec c;
        c.queue = queue;
        c.prefetch = 10;
        c.processing = Distribution::exponential(SimTime::fromMicros(500));
        consumer.consumes.push_back(std::move(c));
        s.services.push_back(std::move(consumer));
    }
    return s;
}

} // namespace evsim
