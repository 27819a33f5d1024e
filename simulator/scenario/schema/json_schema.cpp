#include "simulator/scenario/schema/json_schema.h"

#include <algorithm>
#include <array>

namespace evsim {

std::string_view schemaTypeName(SchemaType type) {
    static constexpr std::array<std::string_view, 8> kNames{
        "any", "object", "array", "string", "integer", "number", "boolean", "null"};
    return kNames[static_cast<std::size_t>(type)];
}

std::string_view schemaFormatName(SchemaFormat format) {
    switch (format) {
    case SchemaFormat::Uuid:
        return "uuid";
    case SchemaFormat::DateTime:
        return "date-time";
    case SchemaFormat::None:
        break;
    }
    return "";
}

const JsonSchema* JsonSchema::property(std::string_view name) const {
    const auto it = std::find_if(properties.begin(), properties.end(),
                                 [&](const SchemaProperty& p) { return p.name == name; });
    return it == properties.end() ? nullptr : &it->schema;
}

bool JsonSchema::isRequired(std::string_view name) const {
    return std::find(required.begin(), required.end(), name) != required.end();
}

std::string_view compatibilityName(Compatibility mode) {
    return kCompatibilityNames[static_cast<std::size_t>(mode)];
}

std::optional<Compatibility> compatibilityFromName(std::string_view name) {
    for (std::size_t i = 0; i < std::size(kCompatibilityNames); ++i) {
        if (kCompatibilityNames[i] == name) {
            return static_cast<Compatibility>(i);
        }
    }
    return std::nullopt;
}

const JsonSchema* EventSchema::version(int v) const {
    for (const SchemaVersion& s : versions) {
        if (s.version == v) {
            return &s.schema;
        }
    }
    return nullptr;
}

std::string EventSchema::versionList() const {
    std::string out;
    for (const SchemaVersion& s : versions) {
        out += (out.empty() ? "" : ", ") + std::to_string(s.version);
    }
    return out;
}

const JsonSchema* schemaAt(const JsonSchema& root, std::string_view path) {
    const JsonSchema* at = &root;
    while (at != nullptr && !path.empty()) {
        const std::size_t dot = path.find('.');
        at = at->property(path.substr(0, dot));
        path = dot == std::string_view::npos ? std::string_view() : path.substr(dot + 1);
    }
    return at;
}

const EventSchema* findSchema(const std::vector<EventSchema>& schemas, std::string_view eventType) {
    const auto it = std::find_if(schemas.begin(), schemas.end(),
                                 [&](const EventSchema& s) { return s.eventType == eventType; });
    return it == schemas.end() ? nullptr : &*it;
}

} // namespace evsim
