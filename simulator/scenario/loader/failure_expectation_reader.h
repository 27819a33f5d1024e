#pragma once

#include "simulator/scenario/expectation.h"
#include "simulator/scenario/loader/name_registry.h"
#include "simulator/scenario/loader/value_reader.h"

#include <string>
#include <vector>

// The expectations about failures: dead-lettering by reason, queues draining after a fault,
// alerts, and messages lost to an intervention.

namespace evsim::loader {

// Reads the parts of one element of $.expect that check failures, once ExpectationReader has
// found its subject and checked its keys. Each appends one Expectation per check, with the
// JSON path of its key. Alerts and interventions (named timeline entries) are references:
// the alerts and the timeline must be read before.
class FailureExpectationReader {
public:
    FailureExpectationReader(LoadContext& context, NameRegistry& names)
        : m_context(context), m_values(context), m_names(names) {}

    // "dead_lettered": a count range for every reason, or { "rejected": range, … }.
    void readDeadLettered(const Json& v, const std::string& path, const std::string& queue,
                          std::vector<Expectation>& out) const;
    // "drained_within" and "after" of the queue expectation `obj` (either may be missing).
    void readDrained(const Json& obj, const std::string& path, const std::string& queue,
                     std::vector<Expectation>& out) const;
    // "fired", "fired_within" with "of", and "resolved_by" of the alert expectation `obj`.
    void readAlert(const Json& obj, const std::string& path, const std::string& alert,
                   std::vector<Expectation>& out) const;
    // "lost" of the intervention expectation `obj`.
    void readLost(const Json& obj, const std::string& path, const std::string& intervention,
                  std::vector<Expectation>& out) const;

    // Whether `metric` is a key that only goes with another ("after", "of"): it checks nothing
    // on its own.
    static bool isCompanion(std::string_view metric);

private:
    // `metric` with its companion `companion` (the intervention it counts from) in `obj`: the
    // duration of `metric` and the intervention's name, reporting either one missing.
    bool readTimed(const Json& obj, const std::string& path, std::string_view metric,
                   std::string_view companion, Expectation& e) const;

    LoadContext& m_context;
    ValueReader m_values;
    NameRegistry& m_names;
};

} // namespace evsim::loader
