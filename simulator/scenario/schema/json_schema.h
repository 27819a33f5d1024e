#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

// Event schemas: the subset of JSON Schema a scenario's "schemas" section declares, and the
// compatibility modes of a schema registry (docs/schemas.md).

namespace evsim {

enum class SchemaType : std::uint8_t { Any, Object, Array, String, Integer, Number, Boolean, Null };
enum class SchemaFormat : std::uint8_t { None, Uuid, DateTime };

std::string_view schemaTypeName(SchemaType type); // "object", "integer", … ("any" for Any)
std::string_view schemaFormatName(SchemaFormat format);

struct SchemaProperty;

// One schema of the subset: type, properties, required, enum, items, additionalProperties,
// default and format (uuid, date-time). Values (enum members, default) are compact JSON text.
struct JsonSchema {
    SchemaType type = SchemaType::Any;
    SchemaFormat format = SchemaFormat::None;
    std::vector<SchemaProperty> properties; // an object's, by name
    std::vector<std::string> required;
    bool additionalProperties = true;
    std::vector<std::string> enumValues; // empty: any value of the type
    std::vector<JsonSchema> items;       // an array's item schema: none (any) or one
    std::optional<std::string> defaultValue;

    const JsonSchema* property(std::string_view name) const;
    bool isRequired(std::string_view name) const;
};

struct SchemaProperty {
    std::string name;
    JsonSchema schema;
};

// Schema-registry compatibility of an event type's versions, as Confluent Schema Registry
// names them: BACKWARD, the newest version reads what the one before wrote; FORWARD, the one
// before reads what the newest writes; FULL, both; the _TRANSITIVE ones against every earlier
// version, not just the last; NONE, no check.
enum class Compatibility : std::uint8_t {
    Backward,
    BackwardTransitive,
    Forward,
    ForwardTransitive,
    Full,
    FullTransitive,
    None,
};

std::string_view compatibilityName(Compatibility mode); // "BACKWARD", …
std::optional<Compatibility> compatibilityFromName(std::string_view name);
inline constexpr std::string_view kCompatibilityNames[] = {
    "BACKWARD", "BACKWARD_TRANSITIVE", "FORWARD", "FORWARD_TRANSITIVE",
    "FULL",     "FULL_TRANSITIVE",     "NONE"};

struct SchemaVersion {
    int version = 1;
    JsonSchema schema;
};

// An event type's schemas, versions ascending.
struct EventSchema {
    std::string eventType;
    Compatibility compatibility = Compatibility::Backward; // the registry's default
    std::vector<SchemaVersion> versions;

    const JsonSchema* version(int v) const;
    std::string versionList() const; // "1, 2"
};

// The schema of a dotted field path ("customer.email") inside `root`; nullptr when a part of
// it is not a declared property.
const JsonSchema* schemaAt(const JsonSchema& root, std::string_view path);

// Finds an event type's schemas in a scenario's list; nullptr when it declares none.
const EventSchema* findSchema(const std::vector<EventSchema>& schemas, std::string_view eventType);

} // namespace evsim
