#pragma once

#include "simulator/kernel/sim_time.h"
#include "simulator/observe/entity_table.h"

#include <cstdint>
#include <stdexcept>
#include <string>
#include <string_view>

namespace evsim {

// The model's own bookkeeping disagrees with itself: a bug in EventSim, never in a scenario.
// What() names how far the run got (the record count and the time), the entity whose books
// are wrong and the condition that failed.
class InvariantViolation : public std::logic_error {
public:
    using std::logic_error::logic_error;
};

// Checks of counts the model keeps against what they count (a queue's ready count against its
// ready list, a message's references against its holders, a link's in-flight count against
// the events on it), in the spirit of TigerBeetle's assertions: they stay in Release builds,
// they run after every event in Debug builds and long sweeps and now and then otherwise (see
// Simulation::checkInvariants). Each part of the model checks its own books through one of
// these, which knows where the run is and how to name an entity.
class InvariantCheck {
public:
    InvariantCheck(const EntityTable& entities, std::uint64_t records, SimTime now)
        : m_entities(entities), m_records(records), m_now(now) {}

    // Throws InvariantViolation: "<where>: <entity kind> '<name>': <detail> (<condition>)".
    // `entity` may be kNoEntity when no single entity owns the books (the message store).
    [[noreturn]] void fail(EntityId entity, std::string_view condition,
                           const std::string& detail) const;

private:
    const EntityTable& m_entities;
    std::uint64_t m_records;
    SimTime m_now;
};

} // namespace evsim

// Checks `condition` in every build type (NDEBUG does not remove it). `detail` is any
// expression giving a std::string, built only when the condition fails.
#define EVSIM_INVARIANT(check, condition, entity, detail)                                          \
    ((condition) ? static_cast<void>(0) : (check).fail((entity), #condition, (detail)))
