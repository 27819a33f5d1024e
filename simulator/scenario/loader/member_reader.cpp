#include "simulator/scenario/loader/member_reader.h"

#include "simulator/scenario/loader/message_text.h"

namespace evsim::loader {

std::optional<bool> readBoolean(const ValueReader& values, const Json& v, const std::string& path) {
    if (v.is_boolean()) {
        return v.get<bool>();
    }
    values.context().fail(Code::WrongType, path,
                          label(path) + " must be true or false, got " + describe(v),
                          v.is_string() && (v == "true" || v == "false")
                              ? "write " + v.get<std::string>() + " without quotes"
                              : "");
    return std::nullopt;
}

std::optional<SimTime> readPositiveDuration(const ValueReader& values, const Json& v,
                                            const std::string& path) {
    const auto d = values.readDuration(v, path);
    if (d && *d == SimTime::zero()) {
        values.context().fail(Code::OutOfRange, path, label(path) + " must be greater than 0");
        return std::nullopt;
    }
    return d;
}

const Json* MemberReader::find(std::string_view key) const {
    if (!m_object.is_object()) {
        return nullptr;
    }
    const auto it = m_object.find(key);
    return it == m_object.end() ? nullptr : &*it;
}

// Reads the member with `r(value, path)`, which returns an optional of the field's value.
template <typename T, typename Read>
bool MemberReader::read(std::string_view key, T& out, Read r) const {
    const Json* v = find(key);
    if (!v) {
        return true;
    }
    auto value = r(*v, pathOf(key));
    if (!value) {
        return false;
    }
    out = std::move(*value);
    return true;
}

bool MemberReader::boolean(std::string_view key, bool& out) const {
    return read(key, out,
                [&](const Json& v, const std::string& p) { return readBoolean(m_values, v, p); });
}

bool MemberReader::string(std::string_view key, std::string& out, bool nonEmpty) const {
    return read(key, out, [&](const Json& v, const std::string& p) {
        return m_values.readString(v, p, nonEmpty);
    });
}

bool MemberReader::duration(std::string_view key, SimTime& out) const {
    return read(key, out,
                [&](const Json& v, const std::string& p) { return m_values.readDuration(v, p); });
}

bool MemberReader::duration(std::string_view key, std::optional<SimTime>& out) const {
    return read(key, out, [&](const Json& v, const std::string& p) {
        const auto d = m_values.readDuration(v, p);
        return d ? std::optional(std::optional(*d)) : std::nullopt;
    });
}

bool MemberReader::positiveDuration(std::string_view key, SimTime& out) const {
    return read(key, out, [&](const Json& v, const std::string& p) {
        return readPositiveDuration(m_values, v, p);
    });
}

bool MemberReader::positiveDuration(std::string_view key, std::optional<SimTime>& out) const {
    return read(key, out, [&](const Json& v, const std::string& p) {
        const auto d = readPositiveDuration(m_values, v, p);
        return d ? std::optional(std::optional(*d)) : std::nullopt;
    });
}

bool MemberReader::probability(std::string_view key, double& out) const {
    return read(key, out, [&](const Json& v, const std::string& p) {
        return m_values.readProbability(v, p);
    });
}

bool MemberReader::integer(std::string_view key, std::uint32_t& out, std::uint32_t min,
                           const Limit& limit) const {
    return read(key, out, [&](const Json& v, const std::string& p) -> std::optional<std::uint32_t> {
        const auto n = m_values.readInteger(v, p, min, limit);
        return n ? std::optional(static_cast<std::uint32_t>(*n)) : std::nullopt;
    });
}

bool MemberReader::number(std::string_view key, double& out, double min, bool exclusive,
                          const Limit* limit) const {
    LoadContext& context = m_values.context();
    return read(key, out, [&](const Json& v, const std::string& p) -> std::optional<double> {
        const std::string what = label(p);
        if (!v.is_number()) {
            context.fail(Code::WrongType, p, what + " must be a number, got " + describe(v));
            return std::nullopt;
        }
        const double d = v.get<double>();
        if (exclusive ? !(d > min) : !(d >= min)) {
            context.fail(Code::OutOfRange, p,
                         what + (exclusive ? " must be greater than " : " must be at least ") +
                             numberText(min) + ", got " + numberText(d));
            return std::nullopt;
        }
        if (limit && d > static_cast<double>(limit->max)) {
            context.fail(Code::LimitExceeded, p,
                         what + " is " + numberText(d) + "; the limit is " +
                             std::to_string(limit->max),
                         std::string(limit->why));
            return std::nullopt;
        }
        return d;
    });
}

} // namespace evsim::loader
