#include "simulator/engine/envelope.h"

#include "simulator/engine/simulation.h"
#include "simulator/observe/entity_table.h"

#include <cstdio>

namespace evsim {
namespace {

// Days from 1970-01-01 to y-m-d (Howard Hinnant's algorithm), inverted.
void civilFromDays(std::int64_t z, int& y, unsigned& m, unsigned& d) {
    z += 719468;
    const std::int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    const auto doe = static_cast<unsigned>(z - era * 146097);
    const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const unsigned mp = (5 * doy + 2) / 153;
    d = doy - (153 * mp + 2) / 5 + 1;
    m = mp < 10 ? mp + 3 : mp - 9;
    y = static_cast<int>(static_cast<std::int64_t>(yoe) + era * 400 + (m <= 2 ? 1 : 0));
}

} // namespace

std::string formatRfc3339(SimTime t) {
    constexpr std::int64_t kEpoch2000 = 946684800; // seconds from 1970 to 2000-01-01
    const std::int64_t ns = t.nanos();
    const std::int64_t secs = kEpoch2000 + ns / 1000000000;
    std::int64_t frac = ns % 1000000000;
    int y = 0;
    unsigned mo = 0;
    unsigned d = 0;
    civilFromDays(secs / 86400, y, mo, d);
    const std::int64_t sod = secs % 86400;
    char buf[64];
    std::snprintf(buf, sizeof buf, "%04d-%02u-%02uT%02lld:%02lld:%02lld", y, mo, d,
                  static_cast<long long>(sod / 3600), static_cast<long long>(sod / 60 % 60),
                  static_cast<long long>(sod % 60));
    std::string out = buf;
    if (frac != 0) {
        char digits[16];
        std::snprintf(digits, sizeof digits, "%09lld", static_cast<long long>(frac));
        std::string f = digits;
        while (!f.empty() && f.back() == '0') {
            f.pop_back();
        }
        out += "." + f;
    }
    return out + "Z";
}

Envelope envelopeFrom(std::uint64_t seed, const Message& message, EntityId publisher,
                      const EntityTable& entities, const StringTable& eventTypes,
                      const StringTable& strings) {
    Envelope e;
    e.id = "evt-" + std::to_string(message.eventId);
    const auto& who = entities[publisher];
    const EntityId service = who.parent != 0 ? who.parent : publisher;
    e.source = "/" + entities[service].name;
    e.type = eventTypes[message.eventType];
    e.time = formatRfc3339(message.publishedAt);
    e.subject = strings[message.routingKey];
    e.schemaVersion = message.schemaVersion;
    e.trace = traceContextOf(seed, message, publisher);
    e.data = strings[message.body];
    e.headers = strings[message.headers];
    return e;
}

Envelope envelopeOf(const Simulation& simulation, const Message& message, EntityId publisher) {
    return envelopeFrom(simulation.seed(), message, publisher, simulation.entities(),
                        simulation.eventTypes(), simulation.strings());
}

} // namespace evsim
