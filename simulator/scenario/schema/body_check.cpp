#include "simulator/scenario/schema/body_check.h"

#include "simulator/kernel/json_lookup.h"

#include <algorithm>
#include <cctype>

namespace evsim {
namespace {

// The JSON kind of a value's raw text; an integer is a number without fraction or exponent.
SchemaType kindOf(std::string_view value) {
    switch (value.empty() ? '\0' : value.front()) {
    case '"':
        return SchemaType::String;
    case '{':
        return SchemaType::Object;
    case '[':
        return SchemaType::Array;
    case 't':
    case 'f':
        return SchemaType::Boolean;
    case 'n':
        return SchemaType::Null;
    default:
        return value.find_first_of(".eE") == std::string_view::npos ? SchemaType::Integer
                                                                    : SchemaType::Number;
    }
}

bool isHex(char c) {
    return std::isxdigit(static_cast<unsigned char>(c)) != 0;
}
bool isDigit(char c) {
    return std::isdigit(static_cast<unsigned char>(c)) != 0;
}

bool isUuid(std::string_view s) {
    if (s.size() != 36) {
        return false;
    }
    for (std::size_t i = 0; i < s.size(); ++i) {
        const bool dash = i == 8 || i == 13 || i == 18 || i == 23;
        if (dash ? s[i] != '-' : !isHex(s[i])) {
            return false;
        }
    }
    return true;
}

// RFC 3339's date-time: "2000-01-01T00:00:00" then fractions and a zone ("Z", "+01:00").
bool isDateTime(std::string_view s) {
    static constexpr std::string_view kShape = "dddd-dd-ddTdd:dd:dd";
    if (s.size() < kShape.size() + 1) {
        return false;
    }
    for (std::size_t i = 0; i < kShape.size(); ++i) {
        const char want = kShape[i];
        const bool ok = want == 'd'   ? isDigit(s[i])
                        : want == 'T' ? (s[i] == 'T' || s[i] == 't')
                                      : s[i] == want;
        if (!ok) {
            return false;
        }
    }
    const char last = s.back();
    return last == 'Z' || last == 'z' || isDigit(last);
}

std::optional<std::string> problemWith(std::string_view value, const JsonSchema& r,
                                       const std::string& field) {
    const SchemaType kind = kindOf(value);
    const bool typeOk = r.type == SchemaType::Any || r.type == kind ||
                        (r.type == SchemaType::Number && kind == SchemaType::Integer);
    if (!typeOk) {
        return field + " is " + (kind == SchemaType::Integer ? "an " : "a ") +
               std::string(schemaTypeName(kind)) + ", read as " +
               std::string(schemaTypeName(r.type));
    }
    if (!r.enumValues.empty() &&
        std::find(r.enumValues.begin(), r.enumValues.end(), value) == r.enumValues.end()) {
        return field + " is " + std::string(value) + ", not a value the reader knows";
    }
    if (r.format != SchemaFormat::None && kind == SchemaType::String) {
        const std::string_view text = value.substr(1, value.size() - 2);
        const bool ok = r.format == SchemaFormat::Uuid ? isUuid(text) : isDateTime(text);
        if (!ok) {
            return field + " is not a " + std::string(schemaFormatName(r.format));
        }
    }
    return std::nullopt;
}

} // namespace

std::optional<std::string> unreadableField(std::string_view body, const JsonSchema& reader,
                                           const std::vector<std::string>& fields) {
    for (const std::string& field : fields) {
        const JsonSchema* r = schemaAt(reader, field);
        if (r == nullptr) {
            continue; // the loader refuses such a field; nothing to read it as
        }
        const auto value = jsonValueAt(body, field);
        if (!value) {
            if (r->defaultValue) {
                continue;
            }
            return "missing " + field;
        }
        if (auto problem = problemWith(*value, *r, field)) {
            return problem;
        }
    }
    return std::nullopt;
}

} // namespace evsim
