#pragma once

#include "simulator/scenario/schema/json_schema.h"

#include <string>
#include <vector>

// Whether a reader's schema reads what a writer's schema allows: the rules of docs/schemas.md,
// for the registry's compatibility modes and for the fields one consumer reads.

namespace evsim {

// One reason a reader cannot read what a writer wrote. `field` is a dotted path ("" for the
// event itself, "lines[]" for an array's items).
struct SchemaProblem {
    std::string field;
    std::string why; // "required by the reader, not written", "narrowed: …"
};

// "customer.email: required by the reader, not written"; "(event): …" for the root.
std::string describe(const SchemaProblem& problem);

// Every reason data valid under `writer` may not read as `reader`, in the order of the
// reader's fields; empty when it always reads.
std::vector<SchemaProblem> readProblems(const JsonSchema& reader, const JsonSchema& writer);

// The same for a consumer that reads only `fields` (dotted paths declared by `reader`): each
// must be written whenever the reader has no default for it, as a type the reader takes.
std::vector<SchemaProblem> fieldProblems(const JsonSchema& reader, const JsonSchema& writer,
                                         const std::vector<std::string>& fields);

// One pair of versions the event type's compatibility mode refuses: `reader` cannot read what
// `writer` writes, and the mode says it must.
struct ModeViolation {
    int reader = 0;
    int writer = 0;
    std::vector<SchemaProblem> problems;
};

// What a registry with the event type's mode would refuse, each version checked against the
// one before it (or every one before it, for the _TRANSITIVE modes). Empty for NONE.
std::vector<ModeViolation> modeViolations(const EventSchema& schema);

} // namespace evsim
