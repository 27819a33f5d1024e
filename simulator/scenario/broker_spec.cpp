#include "simulator/scenario/broker_spec.h"

namespace evsim {
namespace {

// By BrokerKind's value.
constexpr std::array<std::string_view, 2> kNames{"amqp", "kafka"};

} // namespace

std::string_view brokerKindName(BrokerKind kind) {
    return kNames[static_cast<std::size_t>(kind)];
}

std::optional<BrokerKind> brokerKindNamed(std::string_view name) {
    for (std::size_t i = 0; i < kNames.size(); ++i) {
        if (kNames[i] == name) {
            return static_cast<BrokerKind>(i);
        }
    }
    return std::nullopt;
}

std::array<std::string_view, 2> brokerKindNames() {
    return kNames;
}

} // namespace evsim
