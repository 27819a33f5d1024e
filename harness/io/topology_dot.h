#pragma once

#include <string>

namespace evsim {

struct Scenario;

// The scenario's topology as a Graphviz digraph: services (boxes), exchanges or topics
// (hexagons), queues or groups (cylinders); what each service publishes or emits, the
// bindings with their keys, what each service consumes, dead-letter and alternate
// exchanges (dashed), retry routes (dotted). Node ids are numbered; names are only labels.
std::string topologyDot(const Scenario& scenario);

// `text` as a DOT double-quoted string, quotes included.
std::string dotQuoted(const std::string& text);

} // namespace evsim
