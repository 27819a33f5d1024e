#include "simulator/engine/engine_core.h"

#include <cassert>
#include <variant>

namespace evsim {

EngineCore::EngineCore(std::uint64_t runSeed, bool keepRecords)
    : seed(runSeed), log(keepRecords), messages(keepRecords) {}

void EngineCore::drop(DropReason reason, const Message& m, EntityId entity, EntityId aux,
                      std::uint16_t attempt, std::uint32_t lossCause) {
    record(RecordKind::Dropped, m, entity, aux, static_cast<std::uint8_t>(reason), attempt);
    losses.add(reason, m.id, lossCause);
}

const LinkFault* EngineCore::faultOf(std::uint32_t intervention) const {
    return std::get_if<LinkFault>(&interventions[intervention].action);
}

std::uint32_t EngineCore::faultCause(const ServiceInstance& instance, Direction direction) const {
    const std::uint32_t index = instance.linkFault[static_cast<int>(direction)];
    return index == ServiceInstance::kNoFault ? 0 : index + 1;
}

const MessageFault* EngineCore::takeSingledOut(const Message& m, bool delivery, EntityId link,
                                               EntityId consumer, std::uint32_t& index) {
    const std::optional<std::uint32_t> taken = singledOut.take(m.id, delivery);
    if (!taken) {
        return nullptr;
    }
    index = *taken;
    const auto* fault = std::get_if<MessageFault>(&interventions[index].action);
    assert(fault != nullptr && "only message faults single out a message");
    record(RecordKind::SingledOut, m, link, consumer, static_cast<std::uint8_t>(fault->kind));
    return fault;
}

std::uint16_t EngineCore::internType(const std::string& name) {
    const std::uint32_t index = eventTypes.intern(name);
    assert(index <= UINT16_MAX && "more than 65535 event types");
    return static_cast<std::uint16_t>(index);
}

} // namespace evsim
