#include "harness/asyncapi/schema_json.h"

#include <nlohmann/json.hpp>

namespace evsim {
namespace {

using Out = nlohmann::ordered_json;

Out toJson(const JsonSchema& s) {
    Out out = Out::object();
    if (s.type != SchemaType::Any) {
        out["type"] = std::string(schemaTypeName(s.type));
    }
    if (s.format != SchemaFormat::None) {
        out["format"] = std::string(schemaFormatName(s.format));
    }
    if (!s.properties.empty()) {
        Out properties = Out::object();
        for (const SchemaProperty& p : s.properties) {
            properties[p.name] = toJson(p.schema);
        }
        out["properties"] = properties;
    }
    if (!s.required.empty()) {
        out["required"] = s.required;
    }
    if (!s.additionalProperties) {
        out["additionalProperties"] = false;
    }
    if (!s.enumValues.empty()) {
        Out values = Out::array();
        for (const std::string& v : s.enumValues) {
            values.push_back(Out::parse(v));
        }
        out["enum"] = values;
    }
    if (!s.items.empty()) {
        out["items"] = toJson(s.items.front());
    }
    if (s.defaultValue) {
        out["default"] = Out::parse(*s.defaultValue);
    }
    return out;
}

constexpr std::string_view kKept[] = {
    "type",    "properties", "required", "enum",        "items",
    "default", "format",     "title",    "description", "additionalProperties"};

Out subset(const Out& in, const std::string& path, std::vector<std::string>& dropped) {
    Out out = Out::object();
    for (const auto& [key, value] : in.items()) {
        const std::string at = path.empty() ? key : path + "." + key;
        const bool kept = std::find(std::begin(kKept), std::end(kKept), key) != std::end(kKept);
        const bool typeOk = key != "type" || value.is_string();
        const bool formatOk = key != "format" || value == "uuid" || value == "date-time";
        const bool extraOk = key != "additionalProperties" || value.is_boolean();
        if (!kept || !typeOk || !formatOk || !extraOk) {
            dropped.push_back(at);
            continue;
        }
        if (key == "properties" && value.is_object()) {
            Out properties = Out::object();
            for (const auto& [name, schema] : value.items()) {
                properties[name] =
                    schema.is_object() ? subset(schema, at + "." + name, dropped) : Out::object();
            }
            out[key] = properties;
        } else if (key == "items") {
            out[key] = value.is_object() ? subset(value, at, dropped) : Out::object();
        } else {
            out[key] = value;
        }
    }
    return out;
}

} // namespace

std::string schemaToJson(const JsonSchema& schema) {
    return toJson(schema).dump();
}

std::string schemaSubset(const std::string& schemaText, std::vector<std::string>& dropped) {
    const Out in = Out::parse(schemaText, nullptr, false);
    return in.is_object() ? subset(in, "", dropped).dump() : "{}";
}

} // namespace evsim
