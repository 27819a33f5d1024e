#include "simulator/engine/schema_catalog.h"

#include "simulator/scenario/schema/body_check.h"
#include "simulator/scenario/schema/sample_body.h"

#include <algorithm>

namespace evsim {

void SchemaCatalog::build(const std::vector<EventSchema>& schemas, StringTable& strings,
                          const std::function<std::uint16_t(const std::string&)>& internType) {
    m_schemas = schemas; // not to be resized again: m_types points into it
    for (const EventSchema& schema : m_schemas) {
        const std::uint16_t type = internType(schema.eventType);
        if (type >= m_types.size()) {
            m_types.resize(std::size_t{type} + 1);
        }
        Type& t = m_types[type];
        t.spec = &schema;
        for (const SchemaVersion& v : schema.versions) {
            const std::string body = sampleBody(v.schema, schema.eventType, v.version);
            t.bodies.push_back({strings.intern(body), static_cast<std::uint32_t>(body.size())});
        }
    }
}

bool SchemaCatalog::declares(std::uint16_t eventType, int version) const {
    const Type* t = typeOf(eventType);
    return t != nullptr && t->spec->version(version) != nullptr;
}

std::optional<SchemaCatalog::Body> SchemaCatalog::bodyOf(std::uint16_t eventType,
                                                         int version) const {
    const Type* t = typeOf(eventType);
    if (t == nullptr) {
        return std::nullopt;
    }
    const auto& versions = t->spec->versions;
    for (std::size_t i = 0; i < versions.size(); ++i) {
        if (versions[i].version == version) {
            return t->bodies[i];
        }
    }
    return std::nullopt;
}

std::uint32_t SchemaCatalog::addRead(const ReadSpec& read) {
    m_reads.push_back({read.accepts, read.fields});
    return static_cast<std::uint32_t>(m_reads.size() - 1);
}

bool SchemaCatalog::readable(std::uint32_t read, std::uint8_t readerVersion, const Message& m,
                             const StringTable& strings) const {
    const auto key = std::make_tuple(read, readerVersion, m.body, m.schemaVersion);
    if (const auto it = m_verdicts.find(key); it != m_verdicts.end()) {
        return it->second;
    }
    const ReadRule& rule = m_reads[read];
    bool ok = rule.accepts.empty() || std::find(rule.accepts.begin(), rule.accepts.end(),
                                                m.schemaVersion) != rule.accepts.end();
    const Type* t = typeOf(m.eventType);
    const JsonSchema* reader = t != nullptr ? t->spec->version(readerVersion) : nullptr;
    if (ok && reader != nullptr) {
        ok = !unreadableField(strings[m.body], *reader, rule.fields).has_value();
    }
    m_verdicts.emplace(key, ok);
    return ok;
}

} // namespace evsim
