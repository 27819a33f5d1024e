#pragma once

#include "simulator/engine/service_instance.h"
#include "simulator/observe/entity_table.h"
#include "simulator/observe/message.h"
#include "simulator/scenario/schema/json_schema.h"
#include "simulator/scenario/service_spec.h"

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <tuple>
#include <vector>

namespace evsim {

// A scenario's event schemas as a run uses them (docs/schemas.md): the versions each event
// type declares, the body a producer that gives none sends at each, the version an instance
// writes and reads after a rolling deploy, and whether a consumer's code reads a message.
class SchemaCatalog {
public:
    struct Body {
        std::uint32_t text = 0; // StringTable index
        std::uint32_t bytes = 0;
    };
    // Keeps a copy of the schemas; interns each event type and each version's sample body.
    void build(const std::vector<EventSchema>& schemas, StringTable& strings,
               const std::function<std::uint16_t(const std::string&)>& internType);

    bool declares(std::uint16_t eventType, int version) const;
    // The sample body of a declared version; nullopt for an event type without schemas.
    std::optional<Body> bodyOf(std::uint16_t eventType, int version) const;
    // The version `instance` writes or reads `eventType` with: the one a rolling deploy moved
    // it to when the event type declares it, otherwise `declared` (its spec's).
    std::uint8_t versionAt(const ServiceInstance& instance, std::uint16_t eventType,
                           std::uint8_t declared) const {
        return instance.deployedVersion != 0 && declares(eventType, instance.deployedVersion)
                   ? instance.deployedVersion
                   : declared;
    }

    // A consumer's reading of one event type (ConsumerSpec::reads), numbered for readable().
    std::uint32_t addRead(const ReadSpec& read);
    // Whether code reading `read` with schema `readerVersion` reads `m`: its version is one
    // the read accepts, and each field it reads is in the body as the reader's schema types
    // it (body_check.h). Worked out once per body, version and reader.
    bool readable(std::uint32_t read, std::uint8_t readerVersion, const Message& m,
                  const StringTable& strings) const;

private:
    struct Type {
        const EventSchema* spec = nullptr; // in m_schemas
        std::vector<Body> bodies;          // by position in spec->versions
    };
    struct ReadRule {
        std::vector<int> accepts;
        std::vector<std::string> fields;
    };

    const Type* typeOf(std::uint16_t eventType) const {
        return eventType < m_types.size() && m_types[eventType].spec != nullptr
                   ? &m_types[eventType]
                   : nullptr;
    }

    std::vector<EventSchema> m_schemas;
    std::vector<Type> m_types; // by event type index
    std::vector<ReadRule> m_reads;
    // (read, reader version, body, written version) -> readable
    mutable std::map<std::tuple<std::uint32_t, std::uint8_t, std::uint32_t, std::uint8_t>, bool>
        m_verdicts;
};

} // namespace evsim
