#include "simulator/scenario/loader/target_reader.h"

#include "simulator/scenario/loader/message_text.h"

#include <cstdint>

namespace evsim::loader {

std::optional<std::string> TargetReader::readService(const Json& v, const std::string& path) const {
    const Json* service = m_values.require(v, path, "service");
    const std::string p = at(path, "service");
    const auto name = service ? m_values.readString(*service, p, true) : std::nullopt;
    if (!name || !m_names.check(NameKind::Service, *name, p)) {
        return std::nullopt;
    }
    return name;
}

std::optional<InstanceTarget> TargetReader::read(const Json& v, const std::string& path) const {
    const auto service = readService(v, path);
    InstanceTarget target;
    target.service = service.value_or("");
    bool ok = service.has_value();
    if (v.contains("instance")) {
        const std::string p = at(path, "instance");
        const auto n = m_values.readInteger(v["instance"], p, 0, UINT32_MAX);
        ok = ok && n.has_value();
        const auto instances = service ? m_names.instancesOf(*service) : std::nullopt;
        if (n && instances && *n >= *instances) {
            m_context.fail(Code::OutOfRange, p,
                           "instance " + std::to_string(*n) + " is out of range: service " +
                               quote(*service) + " has " + std::to_string(*instances) +
                               (*instances == 1 ? " instance" : " instances"),
                           *instances == 1 ? "instances are numbered from 0; the only one is 0"
                                           : "instances are numbered from 0, so up to " +
                                                 std::to_string(*instances - 1));
            ok = false;
        }
        target.instance = n ? std::optional(static_cast<std::uint32_t>(*n)) : std::nullopt;
    }
    return ok ? std::optional(std::move(target)) : std::nullopt;
}

} // namespace evsim::loader
