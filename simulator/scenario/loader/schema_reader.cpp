#include "simulator/scenario/loader/schema_reader.h"

#include "simulator/scenario/did_you_mean.h"
#include "simulator/scenario/loader/member_reader.h"
#include "simulator/scenario/loader/message_text.h"
#include "simulator/scenario/schema/sample_body.h"

#include <algorithm>
#include <array>

namespace evsim::loader {
namespace {

constexpr std::array<std::string_view, 3> kEventSchemaKeys{"event", "compatibility", "versions"};
constexpr std::array<std::string_view, 2> kVersionKeys{"version", "schema"};
constexpr std::array<std::string_view, 4> kReadKeys{"event", "version", "accepts", "fields"};
// The subset of JSON Schema read, and the annotations that change nothing.
constexpr std::array<std::string_view, 12> kSchemaKeys{
    "type",    "properties", "required", "enum",     "items",    "additionalProperties",
    "default", "format",     "title",    "$comment", "examples", "description"};
constexpr std::array<std::string_view, 7> kTypes{"object", "array",   "string", "integer",
                                                 "number", "boolean", "null"};
constexpr std::array<std::string_view, 2> kFormats{"uuid", "date-time"};
// Deeper bodies than this are not events anyone hand-writes a schema for.
constexpr int kMaxDepth = 16;

SchemaType typeFrom(std::string_view name) {
    const auto it = std::find(kTypes.begin(), kTypes.end(), name);
    return static_cast<SchemaType>(1 + (it - kTypes.begin()));
}

std::vector<std::string> propertyNames(const JsonSchema& s) {
    std::vector<std::string> names;
    for (const SchemaProperty& p : s.properties) {
        names.push_back(p.name);
    }
    return names;
}

} // namespace

std::optional<EventSchema> SchemaReader::read(const Json& v, const std::string& path,
                                              const std::vector<EventSchema>& declared) const {
    if (!m_values.isObject(v, path, kEventSchemaKeys)) {
        return std::nullopt;
    }
    EventSchema schema;
    bool ok = true;
    if (const Json* event = m_values.require(v, path, "event")) {
        const auto name = m_values.readString(*event, at(path, "event"), true);
        ok = name.has_value();
        schema.eventType = name.value_or("");
        if (name && findSchema(declared, *name) != nullptr) {
            m_context.fail(Code::DuplicateName, at(path, "event"),
                           "event type " + quote(*name) + " has its schemas declared twice",
                           "give all its versions in one entry");
            ok = false;
        }
    } else {
        ok = false;
    }
    if (v.contains("compatibility")) {
        const auto mode = m_values.readChoice(v["compatibility"], at(path, "compatibility"),
                                              "compatibility mode", kCompatibilityNames);
        ok = mode.has_value() && ok;
        schema.compatibility = compatibilityFromName(mode.value_or("BACKWARD")).value();
    }
    if (m_values.require(v, path, "versions") == nullptr) {
        return std::nullopt;
    }
    m_values.forEach(v, path, "versions", kMaxVersions, [&](const Json& e, const std::string& p) {
        if (!m_values.isObject(e, p, kVersionKeys)) {
            ok = false;
            return;
        }
        const Json* number = m_values.require(e, p, "version");
        // 0: missing or invalid (versions start at 1).
        const int n = number
                          ? static_cast<int>(
                                m_values.readInteger(*number, at(p, "version"), 1, 255).value_or(0))
                          : 0;
        const Json* body = m_values.require(e, p, "schema");
        auto s = body ? readSchema(*body, at(p, "schema"), 0) : std::nullopt;
        if (n == 0 || !s) {
            ok = false;
            return;
        }
        if (!schema.versions.empty() && n <= schema.versions.back().version) {
            m_context.fail(Code::OutOfRange, at(p, "version"),
                           "versions go up: " + std::to_string(n) + " follows " +
                               std::to_string(schema.versions.back().version),
                           "list the versions in the order they were registered, 1 first");
            ok = false;
            return;
        }
        schema.versions.push_back({n, std::move(*s)});
    });
    if (ok && schema.versions.empty()) {
        m_context.fail(Code::MissingKey, at(path, "versions"),
                       "an event type with schemas has at least one version",
                       "e.g. [ { \"version\": 1, \"schema\": { \"type\": \"object\" } } ]");
        ok = false;
    }
    return ok ? std::optional(std::move(schema)) : std::nullopt;
}

std::optional<JsonSchema> SchemaReader::readSchema(const Json& v, const std::string& path,
                                                   int depth) const {
    if (depth > kMaxDepth) {
        m_context.fail(Code::LimitExceeded, path,
                       "schemas nest at most " + std::to_string(kMaxDepth) + " levels deep",
                       "an event's body is rarely more than a few levels deep");
        return std::nullopt;
    }
    if (!v.is_object()) {
        m_context.fail(Code::WrongType, path, "a schema must be an object, got " + describe(v),
                       "e.g. { \"type\": \"string\" }; true and false schemas are not read");
        return std::nullopt;
    }
    bool ok = true;
    for (const auto& [key, value] : v.items()) {
        if (std::find(kSchemaKeys.begin(), kSchemaKeys.end(), key) == kSchemaKeys.end()) {
            m_context.failAtKey(Code::Unsupported, at(path, key),
                                "keyword " + quote(key) +
                                    " is not in the JSON Schema subset EventSim reads",
                                "it reads " + listOf(kSchemaKeys, 8) + " (docs/schemas.md)");
            ok = false;
        }
    }
    JsonSchema s;
    if (v.contains("type")) {
        const auto type = m_values.readChoice(v["type"], at(path, "type"), "type", kTypes);
        ok = type.has_value() && ok;
        s.type = type ? typeFrom(*type) : SchemaType::Any;
    }
    if (v.contains("format")) {
        const auto format =
            m_values.readChoice(v["format"], at(path, "format"), "format", kFormats);
        ok = format.has_value() && ok;
        s.format = !format             ? SchemaFormat::None
                   : *format == "uuid" ? SchemaFormat::Uuid
                                       : SchemaFormat::DateTime;
        if (format && s.type != SchemaType::String) {
            m_context.fail(Code::Inapplicable, at(path, "format"), "\"format\" applies to strings",
                           "add \"type\": \"string\"");
            ok = false;
        }
    }
    if (v.contains("enum")) {
        const std::string p = at(path, "enum");
        if (m_values.isArray(v["enum"], p) && v["enum"].empty()) {
            m_context.fail(Code::MissingKey, p, "an empty \"enum\" allows no value at all",
                           "list the values, or leave \"enum\" out");
            ok = false;
        }
        for (const Json& e : v["enum"].is_array() ? v["enum"] : Json::array()) {
            s.enumValues.push_back(e.dump());
        }
    }
    if (v.contains("default")) {
        s.defaultValue = m_values.readBody(v["default"], at(path, "default"));
        ok = s.defaultValue.has_value() && ok;
    }
    ok = readObjectKeywords(v, path, depth, s) && ok;
    if (v.contains("items")) {
        auto items = readSchema(v["items"], at(path, "items"), depth + 1);
        ok = items.has_value() && ok;
        if (items) {
            s.items.push_back(std::move(*items));
        }
    }
    return ok ? std::optional(std::move(s)) : std::nullopt;
}

bool SchemaReader::readObjectKeywords(const Json& v, const std::string& path, int depth,
                                      JsonSchema& s) const {
    bool ok = true;
    if (v.contains("properties")) {
        const std::string p = at(path, "properties");
        if (!v["properties"].is_object()) {
            m_context.fail(Code::WrongType, p,
                           "\"properties\" must be an object, got " + describe(v["properties"]));
            return false;
        }
        for (const auto& [name, value] : v["properties"].items()) {
            auto property = readSchema(value, at(p, name), depth + 1);
            ok = property.has_value() && ok;
            if (property) {
                s.properties.push_back({name, std::move(*property)});
            }
        }
    }
    if (v.contains("required")) {
        const std::string p = at(path, "required");
        m_values.forEach(v, path, "required", [&](const Json& e, const std::string& ep) {
            const auto name = m_values.readString(e, ep, true);
            if (!name) {
                ok = false;
            } else if (s.property(*name) == nullptr) {
                const std::string hint = didYouMean(*name, propertyNames(s));
                m_context.fail(Code::UnknownReference, ep,
                               quote(*name) + " is required but not among the \"properties\"",
                               hint.empty() ? "declare it under \"properties\" with its type"
                                            : hint);
                ok = false;
            } else {
                s.required.push_back(*name);
            }
        });
    }
    if (v.contains("additionalProperties")) {
        const auto extra =
            readBoolean(m_values, v["additionalProperties"], at(path, "additionalProperties"));
        ok = extra.has_value() && ok;
        s.additionalProperties = extra.value_or(true);
    }
    return ok;
}

std::optional<ReadSpec> SchemaReader::readRead(const Json& v, const std::string& path,
                                               const std::vector<EventSchema>& schemas) const {
    if (!m_values.isObject(v, path, kReadKeys)) {
        return std::nullopt;
    }
    ReadSpec read;
    const Json* event = m_values.require(v, path, "event");
    const auto name = event ? m_values.readString(*event, at(path, "event"), true) : std::nullopt;
    if (!name) {
        return std::nullopt;
    }
    read.eventType = *name;
    const EventSchema* schema = findSchema(schemas, *name);
    if (schema == nullptr) {
        m_context.fail(Code::UnknownReference, at(path, "event"),
                       "event type " + quote(*name) + " has no schemas to read it with",
                       "declare its versions under \"schemas\" at the top level");
        return std::nullopt;
    }
    bool ok = true;
    const auto version = [&](const Json& e, const std::string& p) -> std::optional<int> {
        const auto n = m_values.readInteger(e, p, 1, 255);
        if (n && schema->version(static_cast<int>(*n)) == nullptr) {
            m_context.fail(Code::UnknownReference, p,
                           quote(*name) + " has no version " + std::to_string(*n),
                           "its versions: " + schema->versionList());
            return std::nullopt;
        }
        return n ? std::optional(static_cast<int>(*n)) : std::nullopt;
    };
    read.version = schema->versions.back().version; // built with the newest, unless it says
    if (v.contains("version")) {
        const auto n = version(v["version"], at(path, "version"));
        ok = n.has_value();
        read.version = n.value_or(read.version);
    }
    m_values.forEach(v, path, "accepts", [&](const Json& e, const std::string& p) {
        const auto n = version(e, p);
        ok = n.has_value() && ok;
        if (n) {
            read.accepts.push_back(*n);
        }
    });
    const JsonSchema& reader = *schema->version(read.version);
    m_values.forEach(v, path, "fields", [&](const Json& e, const std::string& p) {
        const auto field = m_values.readString(e, p, true);
        if (field && schemaAt(reader, *field) == nullptr) {
            m_context.fail(Code::UnknownReference, p,
                           quote(*field) + " is not a field of " + quote(*name) + " version " +
                               std::to_string(read.version),
                           "a field is a dotted path of declared properties, e.g. "
                           "\"customer.email\"");
            ok = false;
        } else if (field) {
            read.fields.push_back(*field);
        }
    });
    if (!v.contains("fields")) {
        read.fields = reader.required;
    }
    return ok ? std::optional(std::move(read)) : std::nullopt;
}

void SchemaReader::checkVersion(const std::string& eventType, int version, const std::string& path,
                                const std::vector<EventSchema>& schemas) const {
    const EventSchema* schema = findSchema(schemas, eventType);
    if (schema != nullptr && schema->version(version) == nullptr) {
        m_context.fail(Code::UnknownReference, path,
                       quote(eventType) + " has no version " + std::to_string(version),
                       "its versions: " + schema->versionList() +
                           "; give one with \"version\", or declare this one under \"schemas\"");
    }
}

void SchemaReader::bindProducer(ProducerSpec& spec, bool bodyGiven, const std::string& path,
                                const std::vector<EventSchema>& schemas) const {
    checkVersion(spec.eventType, spec.schemaVersion, path, schemas);
    const EventSchema* schema = findSchema(schemas, spec.eventType);
    const JsonSchema* version = schema ? schema->version(spec.schemaVersion) : nullptr;
    if (!bodyGiven && version != nullptr) {
        spec.body = sampleBody(*version, spec.eventType, spec.schemaVersion);
        spec.bodyFromSchema = true;
    }
}

void SchemaReader::checkRollingDeploy(const RollingDeploy& deploy, const std::string& path,
                                      const std::vector<ServiceSpec>& services,
                                      const std::vector<EventSchema>& schemas) const {
    const auto service = std::find_if(services.begin(), services.end(), [&](const ServiceSpec& s) {
        return s.name == deploy.service;
    });
    if (service == services.end()) {
        return; // reported where the service is named
    }
    std::vector<std::string> types;
    for (const ProducerSpec& p : service->produces) {
        types.push_back(p.eventType);
    }
    for (const ConsumerSpec& c : service->consumes) {
        for (const EmitSpec& e : c.emits) {
            types.push_back(e.eventType);
        }
        for (const ReadSpec& r : c.reads) {
            types.push_back(r.eventType);
        }
    }
    std::vector<const EventSchema*> seen;
    for (const std::string& type : types) {
        const EventSchema* schema = findSchema(schemas, type);
        if (schema == nullptr || std::find(seen.begin(), seen.end(), schema) != seen.end()) {
            continue;
        }
        if (schema->version(deploy.version) != nullptr) {
            return;
        }
        seen.push_back(schema);
    }
    std::string declared;
    for (const EventSchema* schema : seen) {
        declared +=
            (declared.empty() ? "" : "; ") + quote(schema->eventType) + " " + schema->versionList();
    }
    m_context.fail(Code::UnknownReference, at(path, "version"),
                   "no event type " + quote(deploy.service) + " writes or reads has a version " +
                       std::to_string(deploy.version),
                   declared.empty() ? "the service writes and reads no event type with \"schemas\""
                                    : "their versions: " + declared);
}

} // namespace evsim::loader
