#include "simulator/broker/broker_factory.h"

#include "simulator/broker/amqp/amqp_broker.h"
#include "simulator/broker/amqp/amqp_topology.h"
#include "simulator/broker/kafka/kafka_broker.h"
#include "simulator/broker/kafka/kafka_topology.h"

namespace evsim {

std::unique_ptr<BrokerModel> makeBroker(const BrokerSpec& spec, BrokerEnvironment env,
                                        StringTable& strings, EntityTable& entities) {
    switch (spec.kind) {
    case BrokerKind::Amqp:
        break;
    case BrokerKind::Kafka:
        return std::make_unique<KafkaBroker>(spec.kafka, env, strings, entities);
    }
    return std::make_unique<AmqpBroker>(spec.amqp, env, strings, entities);
}

BrokerTopology describeBroker(const BrokerSpec& spec) {
    switch (spec.kind) {
    case BrokerKind::Amqp:
        break;
    case BrokerKind::Kafka:
        return describeKafka(spec.kafka);
    }
    return describeAmqp(spec.amqp);
}

} // namespace evsim
