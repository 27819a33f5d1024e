#pragma once

#include <ostream>

namespace evsim {

class Simulation;

// Writes every kept record as one JSON object per line (JSON Lines), in record order:
// {"t_ns":1500000,"t":"1.5ms","kind":"delivered","message":"msg-3","entity":"billing.orders",
//  "aux":"billing#0<-billing.orders","attempt":1,"redelivered":false}
// Published records also carry the message's CloudEvents envelope under "envelope".
void writeEventsJsonl(const Simulation& simulation, std::ostream& out);

} // namespace evsim
