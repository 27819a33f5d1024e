#pragma once

#include "simulator/scenario/loader/value_reader.h"
#include "simulator/scenario/service_spec.h"

#include <array>
#include <optional>
#include <string>
#include <string_view>

// Poison rules: what makes processing of a message always fail, for a consumer's "poison"
// list and for the timeline's "poison" action.

namespace evsim::loader {

// The keys of a rule; an object holding one may have others (the timeline's "service").
inline constexpr std::array<std::string_view, 4> kPoisonRuleKeys{"event", "header", "field",
                                                                 "equals"};

// Reads the rule keys of an object whose keys the caller has checked. A rule has at least one
// of "event", "header" and "field", not both "header" and "field", and "equals" (any JSON,
// kept as compact text) only with "header" or "field". nullopt after reporting what is wrong.
class PoisonRuleReader {
public:
    explicit PoisonRuleReader(LoadContext& context) : m_context(context), m_values(context) {}

    std::optional<PoisonRule> read(const Json& v, const std::string& path) const;

private:
    LoadContext& m_context;
    ValueReader m_values;
};

} // namespace evsim::loader
