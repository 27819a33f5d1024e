#include "simulator/broker/broker_model.h"

namespace evsim {

// Out of line: assembling a whole message is for sinks (views, exports), never on the path a
// headless run takes.
void BrokerEnvironment::appendWithMessage(const Record& r, MessageSlot slot) const {
    const Message m = messages[slot];
    log.append(r, &m);
}

} // namespace evsim
