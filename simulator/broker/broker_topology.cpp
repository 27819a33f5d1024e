#include "simulator/broker/broker_topology.h"

namespace evsim {

const BrokerTopology::Target* BrokerTopology::target(std::string_view address) const {
    for (const Target& t : targets) {
        if (t.address == address) {
            return &t;
        }
    }
    return nullptr;
}

} // namespace evsim
