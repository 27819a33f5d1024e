#pragma once

#include "simulator/scenario/intervention.h"
#include "simulator/scenario/loader/value_reader.h"
#include "simulator/scenario/schema/json_schema.h"
#include "simulator/scenario/service_spec.h"

#include <optional>
#include <string>
#include <vector>

// The "schemas" section (docs/schemas.md): each event type's versions, each a schema of the
// JSON Schema subset EventSim reads, and its registry compatibility mode; and what producers
// and consumers say about them: the version a producer writes, the sample body it sends when
// it gives none, what a consumer reads.

namespace evsim::loader {

class SchemaReader {
public:
    explicit SchemaReader(LoadContext& context) : m_context(context), m_values(context) {}

    // One element of $.schemas; `declared` holds those read before (an event type is declared
    // once).
    std::optional<EventSchema> read(const Json& v, const std::string& path,
                                    const std::vector<EventSchema>& declared) const;

    // One element of a consumer's "reads", checked against the declared schemas: the event type
    // declares them, its versions and fields exist. Without "fields" the consumer reads the
    // fields its version requires.
    std::optional<ReadSpec> readRead(const Json& v, const std::string& path,
                                     const std::vector<EventSchema>& schemas) const;

    // A producer's or emit's version of an event type that has schemas must be declared (at
    // `path`, the object that names it). A producer that gives no body sends the version's
    // sample body.
    void bindProducer(ProducerSpec& spec, bool bodyGiven, const std::string& path,
                      const std::vector<EventSchema>& schemas) const;
    void checkVersion(const std::string& eventType, int version, const std::string& path,
                      const std::vector<EventSchema>& schemas) const;

    // A rolling deploy's version must be one that an event type the service writes or reads
    // declares; `path` is the deploy's object.
    void checkRollingDeploy(const RollingDeploy& deploy, const std::string& path,
                            const std::vector<ServiceSpec>& services,
                            const std::vector<EventSchema>& schemas) const;

private:
    std::optional<JsonSchema> readSchema(const Json& v, const std::string& path, int depth) const;
    bool readObjectKeywords(const Json& v, const std::string& path, int depth,
                            JsonSchema& out) const;

    LoadContext& m_context;
    ValueReader m_values;
};

} // namespace evsim::loader
