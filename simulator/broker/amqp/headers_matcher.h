#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace evsim {

// One binding of a headers exchange (AMQP03), matched as RabbitMQ 3.10's
// rabbit_exchange_type_headers matches it. The routing key plays no part. The binding's
// arguments name headers and values; `x-match` says whether all of them must be among the
// message's headers with equal values ("all", the default) or one is enough ("any").
// Arguments whose names start with "x-" take no part unless `x-match` is "all-with-x" or
// "any-with-x"; `x-match` itself never does. A null value asks only that the header be there.
// So a binding with nothing to match routes every message under "all" and none under "any".
//
// Values compare as AMQP field values do in RabbitMQ (Erlang's ==): the same text, or numbers
// of equal value (10 and 10.0); a string never equals a number ("10" and 10).
class HeadersBinding {
public:
    enum class Match : std::uint8_t { All, Any, AllWithX, AnyWithX };
    // A header or argument: its name as written in JSON (escapes kept) and its value's text.
    using Field = std::pair<std::string_view, std::string_view>;
    // An argument that takes part in matching.
    struct Wanted {
        std::string name;
        std::string value;
        bool presence = false; // a null value: the header need only be there
    };

    // `arguments` is the binding's arguments as a compact JSON object ("" or "{}" for none).
    // An `x-match` that is not one of the four names counts as "all", as RabbitMQ reads it.
    explicit HeadersBinding(std::string_view arguments);

    // Whether a message with `headers` (sorted by name) reaches the bound queue.
    bool matches(const std::vector<Field>& headers) const;

    Match match() const { return m_match; }
    bool any() const { return m_match == Match::Any || m_match == Match::AnyWithX; }
    // The arguments that take part, in the order written.
    const std::vector<Wanted>& wanted() const { return m_wanted; }

private:
    Match m_match = Match::All;
    std::vector<Wanted> m_wanted; // the arguments that take part
};

// Whether two JSON values' texts are equal as AMQP field values.
bool sameFieldValue(std::string_view a, std::string_view b);

} // namespace evsim
