#pragma once

#include "simulator/scenario/kafka_spec.h"
#include "simulator/scenario/loader/member_reader.h"
#include "simulator/scenario/loader/name_registry.h"
#include "simulator/scenario/loader/value_reader.h"

#include <string>

// The "broker" section of a partitioned-log broker (kind "kafka"): its topics and the consumer
// groups that read them.

namespace evsim::loader {

class KafkaReader {
public:
    KafkaReader(LoadContext& context, NameRegistry& names)
        : m_context(context), m_values(context), m_names(names) {}

    // Reads $.broker (already known to be an object of the kind's keys), declaring topics as
    // publish targets and groups as sources in the registry.
    void read(const Json& v, const std::string& path, KafkaSpec& spec) const;

private:
    void readTopic(const Json& v, const std::string& path, KafkaSpec& spec) const;
    void readGroup(const Json& v, const std::string& path, KafkaSpec& spec) const;
    // replication_factor, at most `brokers`, and min_insync_replicas, at most the factor.
    void readReplication(const MemberReader& members, std::uint32_t brokers,
                         TopicSpec& topic) const;

    LoadContext& m_context;
    ValueReader m_values;
    NameRegistry& m_names;
};

} // namespace evsim::loader
