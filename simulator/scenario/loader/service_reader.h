#pragma once

#include "simulator/scenario/loader/backoff_reader.h"
#include "simulator/scenario/loader/client_behaviour_reader.h"
#include "simulator/scenario/loader/distribution_reader.h"
#include "simulator/scenario/loader/message_properties_reader.h"
#include "simulator/scenario/loader/name_registry.h"
#include "simulator/scenario/loader/poison_rule_reader.h"
#include "simulator/scenario/loader/publication_reader.h"
#include "simulator/scenario/loader/schema_reader.h"
#include "simulator/scenario/loader/value_reader.h"
#include "simulator/scenario/scenario.h"

#include <cstdint>
#include <optional>
#include <string>

// The "services" section: each service with its producers, consumers and their emits, and how
// its clients cope with failure.

namespace evsim::loader {

// Reads one element of $.services. The broker must be read before, so that producers and
// consumers can be checked against its exchanges and queues. Declares the service's name in
// the registry with its number of instances, and marks it as consuming when it has consumers
// (even broken ones).
class ServiceReader {
public:
    // `schemas` are the scenario's, read before: producers, emits and reads are checked
    // against them.
    ServiceReader(LoadContext& context, NameRegistry& names,
                  const std::vector<EventSchema>& schemas)
        : m_context(context), m_values(context), m_distributions(context),
          m_publications(context, names), m_properties(context), m_behaviours(context, names),
          m_poisonRules(context), m_backoffs(context), m_schemaReader(context), m_names(names),
          m_schemas(schemas) {}

    // nullopt when the element is not an object; otherwise the service as far as it could be
    // read (errors are in the context). Call it for the services in file order: it also checks
    // the limit on all their instances together.
    std::optional<ServiceSpec> read(const Json& v, const std::string& path);

private:
    void countInstances(std::uint64_t instances, const std::string& path);
    void readProducer(const Json& v, const std::string& path, ServiceSpec& service) const;
    // A log producer's "transaction" (KAFKA09): idempotent, with confirms (acks=all).
    // A log producer's "acks": "0", "1" or "all" (KAFKA12), and what it implies.
    void readAcks(const Json& v, const std::string& path, ProducerSpec& spec) const;
    void readTransaction(const Json& v, const std::string& path, ProducerSpec& spec) const;
    void readConsumer(const Json& v, const std::string& path, ServiceSpec& service) const;
    void readReads(const Json& v, const std::string& path, ConsumerSpec& spec) const;
    // A log consumer's "transaction" (KAFKA09), and the settings it cannot go with.
    void readConsumerTransaction(const Json& v, const std::string& path, ConsumerSpec& spec) const;

    LoadContext& m_context;
    ValueReader m_values;
    DistributionReader m_distributions;
    PublicationReader m_publications;
    MessagePropertiesReader m_properties;
    ClientBehaviourReader m_behaviours;
    PoisonRuleReader m_poisonRules;
    BackoffReader m_backoffs;
    SchemaReader m_schemaReader;
    NameRegistry& m_names;
    const std::vector<EventSchema>& m_schemas;
    std::uint64_t m_totalInstances = 0;
    bool m_totalReported = false;
};

} // namespace evsim::loader
