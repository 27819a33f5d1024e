// Feeds arbitrary bytes to the scenario loader. Crashes, sanitizer reports, hangs and broken
// contracts (checked below with __builtin_trap) are findings.
#include "simulator/scenario/json_source_map.h"
#include "simulator/scenario/scenario_loader.h"

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <string_view>

namespace {

void check(bool ok) {
    if (!ok) {
        __builtin_trap();
    }
}

bool declared(const std::vector<evsim::QueueSpec>& queues, const std::string& name) {
    return std::any_of(queues.begin(), queues.end(),
                       [&](const evsim::QueueSpec& q) { return q.name == name; });
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    const auto result = evsim::parseScenario(text, "fuzz.json");

    // A value or errors, never both; every error but the "too many" note is located.
    check(result.ok() == result.errors.empty());
    for (const evsim::LoadError& e : result.errors) {
        check(e.line > 0 || e.message.rfind("too many errors", 0) == 0);
        check(!e.format().empty());
    }
    if (result.ok()) {
        // scenario.h promises that references name entities that exist.
        const evsim::Scenario& s = *result.value;
        check(!s.name.empty() && s.duration > evsim::SimTime::zero());
        for (const auto& b : s.broker.amqp.bindings) {
            check(declared(s.broker.amqp.queues, b.queue));
        }
        for (const auto& service : s.services) {
            check(service.instances >= 1);
            for (const auto& c : service.consumes) {
                check(declared(s.broker.amqp.queues, c.queue));
                check(c.failureProbability >= 0 && c.failureProbability <= 1);
            }
        }
    }

    // The source map on its own must survive the same bytes, and answer lookups.
    const evsim::JsonSourceMap map(text);
    (void)map.locate("$.services[0].consumes[0].prefetch");
    (void)map.valueAt(R"($["$schema"])");
    return 0;
}
