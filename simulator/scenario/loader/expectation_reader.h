#pragma once

#include "simulator/scenario/loader/failure_expectation_reader.h"
#include "simulator/scenario/loader/name_registry.h"
#include "simulator/scenario/loader/value_reader.h"
#include "simulator/scenario/scenario.h"

#include <string>
#include <vector>

// The "expect" section: what must hold at the end of the run.

namespace evsim::loader {

// Reads one element of $.expect into Expectations, one per metric checked, each with the JSON
// path of its metric. The broker, the services, the timeline and the alerts must be read before,
// so that subjects and the interventions named can be checked against them.
class ExpectationReader {
public:
    ExpectationReader(LoadContext& context, NameRegistry& names)
        : m_context(context), m_values(context), m_failures(context, names), m_names(names) {}

    // Appends what the element at `path` checks to `out`: nothing after a structural error.
    void read(const Json& v, const std::string& path, std::vector<Expectation>& out) const;

private:
    // "partition_order" or "key_order": "holds" or "broken".
    // A "trace" expectation: its root event type's traces reach one of "reaches", and their
    // end-to-end "latency" percentiles.
    void readTrace(const Json& v, const std::string& path, const std::string& root,
                   std::vector<Expectation>& out) const;
    void readOrder(const Json& v, const std::string& path, const std::string& subject,
                   std::string_view metric, std::vector<Expectation>& out) const;
    // Latency percentiles, in ascending order whatever the order in the file.
    void readLatency(const Json& v, const std::string& path, const std::string& queue,
                     std::vector<Expectation>& out) const;

    LoadContext& m_context;
    ValueReader m_values;
    FailureExpectationReader m_failures;
    NameRegistry& m_names;
};

} // namespace evsim::loader
