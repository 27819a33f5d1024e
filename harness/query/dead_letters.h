#pragma once

#include "simulator/kernel/sim_time.h"
#include "simulator/observe/record.h"

#include <cstdint>
#include <iosfwd>
#include <string>
#include <vector>

namespace evsim {

class Simulation;

// One message copy dead-lettered (AMQP11): the queue it left, why, and the queue its
// dead-letter exchange put it in. A fanout dead-letter exchange gives one entry per target
// queue; a dead-letter exchange that routes nowhere (or a cycle RabbitMQ breaks) gives one
// entry with `into` empty.
struct DeadLetter {
    std::uint32_t message = 0;
    DeadLetterReason reason = DeadLetterReason::Rejected;
    std::string reasonName; // deadLetterReasonName(): rejected, expired, maxlen, delivery_limit
    std::string from;       // the queue the copy left
    std::string into;       // the queue it was enqueued in; "" when none
    SimTime time;

    bool operator==(const DeadLetter&) const = default;
};

// "msg-2001 delivery_limit billing.orders -> billing.dead at 10.05s": how test frameworks
// print one.
std::ostream& operator<<(std::ostream& out, const DeadLetter& letter);

// Every dead-lettering of the run, in the order it happened. Read from the run's kept
// records: empty for a run that kept none (RunOptions::keepRecords false).
std::vector<DeadLetter> deadLetters(const Simulation& simulation);

} // namespace evsim
