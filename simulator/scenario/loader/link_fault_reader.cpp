#include "simulator/scenario/loader/link_fault_reader.h"

#include "simulator/scenario/loader/member_reader.h"
#include "simulator/scenario/loader/message_text.h"

#include <array>
#include <utility>

namespace evsim::loader {
namespace {

constexpr std::array<std::string_view, 10> kLinkFaultKeys{
    "service", "instance",  "direction", "latency",   "jitter",
    "loss",    "duplicate", "reorder",   "partition", "for"};
constexpr std::array<std::string_view, 3> kHealKeys{"service", "instance", "direction"};
constexpr std::array<std::string_view, 3> kDirections{"to_broker", "from_broker", "both"};
// What a network fault can change, for the message when it changes nothing.
constexpr std::array<std::string_view, 6> kLinkFaultConditions{"latency",   "jitter",  "loss",
                                                               "duplicate", "reorder", "partition"};

} // namespace

bool LinkFaultReader::readDirection(const Json& v, const std::string& path,
                                    LinkDirection& out) const {
    if (!v.contains("direction")) {
        return true;
    }
    const auto d =
        m_values.readChoice(v["direction"], at(path, "direction"), "direction", kDirections);
    out = d == "to_broker"     ? LinkDirection::ToBroker
          : d == "from_broker" ? LinkDirection::FromBroker
                               : LinkDirection::Both;
    return d.has_value();
}

std::optional<LinkFault> LinkFaultReader::readNetwork(const Json& v,
                                                      const std::string& path) const {
    if (!m_values.isObject(v, path, kLinkFaultKeys)) {
        return std::nullopt;
    }
    LinkFault fault;
    const auto target = m_targets.read(v, path);
    bool ok = target.has_value();
    fault.target = target.value_or(InstanceTarget{});
    ok = readDirection(v, path, fault.direction) && ok;
    if (v.contains("latency")) {
        fault.latency = m_distributions.read(v["latency"], at(path, "latency"));
        ok = fault.latency.has_value() && ok;
    }
    const MemberReader members(m_values, v, path);
    ok = members.duration("jitter", fault.jitter) && ok;
    ok = members.probability("loss", fault.loss) && ok;
    ok = members.probability("duplicate", fault.duplicate) && ok;
    ok = members.probability("reorder", fault.reorder) && ok;
    ok = members.boolean("partition", fault.partition) && ok;
    ok = members.positiveDuration("for", fault.duration) && ok;
    // Checked only when everything read, so that a broken value is not also "no change".
    const bool changes = fault.latency || fault.jitter > SimTime::zero() || fault.loss > 0 ||
                         fault.duplicate > 0 || fault.reorder > 0 || fault.partition;
    if (ok && !changes) {
        m_context.fail(Code::NoEffect, path, "this network fault changes nothing",
                       "give at least one of " + listOf(kLinkFaultConditions) +
                           " with an effect (loss above 0, partition true, …)");
        return std::nullopt;
    }
    return ok ? std::optional(std::move(fault)) : std::nullopt;
}

std::optional<Heal> LinkFaultReader::readHeal(const Json& v, const std::string& path) const {
    if (!m_values.isObject(v, path, kHealKeys)) {
        return std::nullopt;
    }
    Heal heal;
    const auto target = m_targets.read(v, path);
    const bool direction = readDirection(v, path, heal.direction);
    if (!target || !direction) {
        return std::nullopt;
    }
    heal.target = *target;
    return heal;
}

} // namespace evsim::loader
