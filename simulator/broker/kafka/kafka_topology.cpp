#include "simulator/broker/kafka/kafka_topology.h"

#include "simulator/kernel/sim_time.h"

#include <string>

namespace evsim {

const char* assignorName(AssignorKind kind) {
    switch (kind) {
    case AssignorKind::Range:
        return "range";
    case AssignorKind::RoundRobin:
        return "roundrobin";
    case AssignorKind::CooperativeSticky:
        return "cooperative-sticky";
    }
    return "range";
}

BrokerTopology describeKafka(const KafkaSpec& spec) {
    BrokerTopology t;
    t.targetNoun = "topic";
    t.sourceNoun = "group";
    t.targets.reserve(spec.topics.size());
    for (const TopicSpec& topic : spec.topics) {
        std::string partitions = std::to_string(topic.partitions) +
                                 (topic.partitions == 1 ? " partition" : " partitions");
        if (topic.replicationFactor > 1) { // KAFKA12
            partitions += " × " + std::to_string(topic.replicationFactor);
        }
        t.targets.push_back(BrokerTopology::Target{topic.name, topic.name, partitions});
    }
    t.sources.reserve(spec.groups.size());
    for (const GroupSpec& g : spec.groups) {
        BrokerTopology::Source source;
        source.name = g.name;
        source.badge = "group";
        source.details = {"consumer group", "reads " + g.topic,
                          std::string("assignor ") + assignorName(g.assignor),
                          std::string("auto.offset.reset ") +
                              (g.reset == OffsetReset::Earliest ? "earliest" : "latest"),
                          "session timeout " + formatDurationShort(g.sessionTimeout)};
        t.sources.push_back(std::move(source));
        t.routes.push_back(BrokerTopology::Route{g.topic, g.name, ""});
    }
    return t;
}

} // namespace evsim
