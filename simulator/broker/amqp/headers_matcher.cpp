#include "simulator/broker/amqp/headers_matcher.h"

#include "simulator/kernel/json_lookup.h"

#include <algorithm>
#include <charconv>

namespace evsim {
namespace {

bool isNumber(std::string_view text) {
    return !text.empty() && (text[0] == '-' || (text[0] >= '0' && text[0] <= '9'));
}

HeadersBinding::Match matchNamed(std::string_view quoted) {
    if (quoted == "\"any\"") {
        return HeadersBinding::Match::Any;
    }
    if (quoted == "\"all-with-x\"") {
        return HeadersBinding::Match::AllWithX;
    }
    if (quoted == "\"any-with-x\"") {
        return HeadersBinding::Match::AnyWithX;
    }
    return HeadersBinding::Match::All;
}

} // namespace

bool sameFieldValue(std::string_view a, std::string_view b) {
    if (a == b) {
        return true;
    }
    if (!isNumber(a) || !isNumber(b)) {
        return false;
    }
    double x = 0;
    double y = 0;
    const auto rx = std::from_chars(a.data(), a.data() + a.size(), x);
    const auto ry = std::from_chars(b.data(), b.data() + b.size(), y);
    return rx.ec == std::errc() && ry.ec == std::errc() && x == y;
}

HeadersBinding::HeadersBinding(std::string_view arguments) {
    std::vector<Field> fields;
    if (!arguments.empty()) {
        jsonMembers(arguments, fields);
    }
    for (const auto& [name, value] : fields) {
        if (name == "x-match") {
            m_match = matchNamed(value);
        }
    }
    const bool withX = m_match == Match::AllWithX || m_match == Match::AnyWithX;
    for (const auto& [name, value] : fields) {
        if (name == "x-match" || (name.starts_with("x-") && !withX)) {
            continue;
        }
        m_wanted.push_back({std::string(name), std::string(value), value == "null"});
    }
}

bool HeadersBinding::matches(const std::vector<Field>& headers) const {
    const bool all = !any();
    for (const Wanted& w : m_wanted) {
        const auto found = std::lower_bound(
            headers.begin(), headers.end(), w.name,
            [](const Field& f, const std::string& name) { return f.first < name; });
        const bool there = found != headers.end() && found->first == w.name;
        const bool equal = there && (w.presence || sameFieldValue(w.value, found->second));
        if (all && !equal) {
            return false;
        }
        if (!all && equal) {
            return true;
        }
    }
    return all;
}

} // namespace evsim
