#include "simulator/scenario/schema/sample_body.h"

#include "simulator/scenario/json_string.h"

#include <array>
#include <cstdint>

namespace evsim {
namespace {

void appendString(std::string& out, std::string_view text) {
    out += '"';
    for (const char c : text) {
        appendJsonEscaped(out, c);
    }
    out += '"';
}

// FNV-1a, 64 bits: a stable hash for identifiers that must not change between builds.
std::uint64_t fnv1a(std::string_view text, std::uint64_t h = 14695981039346656037ULL) {
    for (const char c : text) {
        h = (h ^ static_cast<unsigned char>(c)) * 1099511628211ULL;
    }
    return h;
}

// A version-4-shaped UUID from the hash of `key`.
std::string uuidOf(std::string_view key) {
    const std::array<std::uint64_t, 2> halves{fnv1a(key), fnv1a(key, fnv1a(key) | 1)};
    static constexpr char kHex[] = "0123456789abcdef";
    std::string out;
    for (int i = 0; i < 32; ++i) {
        const std::uint64_t half = halves[static_cast<std::size_t>(i / 16)];
        char c = kHex[(half >> (4 * (i % 16))) & 0xf];
        if (i == 12) {
            c = '4';
        } else if (i == 16) {
            c = kHex[8 + ((half >> (4 * (i % 16))) & 0x3)];
        }
        if (i == 8 || i == 12 || i == 16 || i == 20) {
            out += '-';
        }
        out += c;
    }
    return out;
}

class Sampler {
public:
    Sampler(std::string_view eventType, int version)
        : m_key(std::string(eventType) + "/v" + std::to_string(version)) {}

    void value(std::string& out, const JsonSchema& s, const std::string& path,
               std::string_view name) const {
        if (s.defaultValue) {
            out += *s.defaultValue;
            return;
        }
        if (!s.enumValues.empty()) {
            out += s.enumValues.front();
            return;
        }
        switch (s.type) {
        case SchemaType::Object:
            out += '{';
            for (std::size_t i = 0; i < s.properties.size(); ++i) {
                const SchemaProperty& p = s.properties[i];
                out += i == 0 ? "" : ",";
                appendString(out, p.name);
                out += ':';
                value(out, p.schema, path + "." + p.name, p.name);
            }
            out += '}';
            break;
        case SchemaType::Array:
            out += '[';
            if (!s.items.empty()) {
                value(out, s.items.front(), path + "[]", name);
            }
            out += ']';
            break;
        case SchemaType::String:
            if (s.format == SchemaFormat::Uuid) {
                appendString(out, uuidOf(m_key + path));
            } else if (s.format == SchemaFormat::DateTime) {
                appendString(out, "2000-01-01T00:00:00Z"); // virtual time 0
            } else {
                appendString(out, name.empty() ? std::string_view("value") : name);
            }
            break;
        case SchemaType::Integer:
            out += '1';
            break;
        case SchemaType::Number:
            out += "1.5";
            break;
        case SchemaType::Boolean:
            out += "true";
            break;
        case SchemaType::Null:
        case SchemaType::Any:
            out += "null";
            break;
        }
    }

private:
    std::string m_key;
};

} // namespace

std::string sampleBody(const JsonSchema& schema, std::string_view eventType, int version) {
    std::string out;
    Sampler(eventType, version).value(out, schema, "", "");
    return out;
}

} // namespace evsim
