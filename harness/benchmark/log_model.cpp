#include "harness/benchmark/log_model.h"

#include <string>

namespace evsim {

Scenario logModel(std::uint64_t messages, std::uint64_t seed) {
    constexpr std::uint32_t kProducers = 10;
    constexpr std::uint32_t kPartitions = 12;
    constexpr std::uint32_t kGroups = 3;
    constexpr std::uint32_t kMembers = 4;
    Scenario s;
    s.name = "bench-log";
    s.description = "10 producers, a 12-partition topic, 3 consumer groups of 4, 1-5 ms hops";
    s.seed = seed;
    s.duration = SimTime::fromSeconds(24 * 3600 * 30); // ends when the last commit arrives
    s.broker.kind = BrokerKind::Kafka;
    TopicSpec topic;
    topic.name = "events";
    topic.partitions = kPartitions;
    s.broker.kafka.topics.push_back(std::move(topic));

    ServiceSpec producers;
    producers.name = "producers";
    producers.instances = kProducers;
    ProducerSpec p;
    p.eventType = "Event";
    p.exchange = "events";
    p.routingKey = "key";
    p.keyCount = 1000;
    // Ten producers at 100 records a second each: what one member reading three partitions,
    // a record of each at a time over 1-5 ms hops, keeps up with.
    p.gap = Distribution::exponential(SimTime::fromMillis(10));
    p.count = messages / kProducers;
    producers.produces.push_back(p);
    s.services.push_back(producers);

    const Distribution hop = Distribution::uniform(SimTime::fromMillis(1), SimTime::fromMillis(5));
    s.network.links.push_back(LinkSpec{"producers", "broker", hop});
    for (std::uint32_t g = 0; g < kGroups; ++g) {
        const std::string name = "readers-" + std::to_string(g);
        GroupSpec group;
        group.name = name;
        group.topic = "events";
        s.broker.kafka.groups.push_back(group);
        ServiceSpec readers;
        readers.name = name;
        readers.instances = kMembers;
        ConsumerSpec c;
        c.queue = name;
        c.processing = Distribution::exponential(SimTime::fromMicros(500));
        readers.consumes.push_back(c);
        s.services.push_back(readers);
        s.network.links.push_back(LinkSpec{name, "broker", hop});
    }
    return s;
}

} // namespace evsim
