#pragma once

#include "simulator/broker/broker_model.h"
#include "simulator/broker/broker_topology.h"
#include "simulator/scenario/broker_spec.h"

#include <memory>

namespace evsim {

class StringTable;

// The one place that knows every broker kind: builds the BrokerModel a scenario's broker
// spec asks for (BrokerSpec::kind), adding its entities to `entities` in its kind's order. The
// engine includes this, never a kind's own header: a new kind is a folder of its own and one
// case here.
std::unique_ptr<BrokerModel> makeBroker(const BrokerSpec& spec, BrokerEnvironment env,
                                        StringTable& strings, EntityTable& entities);

// The broker's topology in kind-neutral words, for everything above the simulator.
BrokerTopology describeBroker(const BrokerSpec& spec);

} // namespace evsim
