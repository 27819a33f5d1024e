#include "simulator/scenario/loader/poison_rule_reader.h"

#include "simulator/scenario/loader/member_reader.h"
#include "simulator/scenario/loader/message_text.h"

namespace evsim::loader {

std::optional<PoisonRule> PoisonRuleReader::read(const Json& v, const std::string& path) const {
    const MemberReader members(m_values, v, path);
    PoisonRule rule;
    bool ok = members.string("event", rule.eventType, true);
    ok = members.string("header", rule.headerName, true) && ok;
    if (members.string("field", rule.fieldPath, true) && !rule.fieldPath.empty()) {
        // "customer.id": each part names a member of the body, so none can be empty.
        const std::string& f = rule.fieldPath;
        if (f.front() == '.' || f.back() == '.' || f.find("..") != std::string::npos) {
            m_context.fail(Code::EmptyString, members.pathOf("field"),
                           "\"field\" has an empty part: " + quote(f),
                           "a field is a dotted path into the body, e.g. \"customer.id\"");
            ok = false;
        }
    } else if (members.has("field")) {
        ok = false;
    }
    if (const Json* equals = members.find("equals")) {
        rule.equals = m_values.readBody(*equals, members.pathOf("equals"));
        ok = ok && rule.equals.has_value();
    }
    const bool header = members.has("header");
    const bool field = members.has("field");
    if (!members.has("event") && !header && !field) {
        m_context.fail(Code::MissingKey, path,
                       "a poison rule needs \"event\", \"header\" or \"field\"",
                       "e.g. { \"field\": \"customer.id\", \"equals\": 42 }");
        return std::nullopt;
    }
    if (header && field) {
        m_context.failAtKey(Code::ConflictingKeys, members.pathOf("field"),
                            "\"header\" and \"field\" are both set; a rule checks one of them",
                            "split it into two rules: a message matching either is poison");
        return std::nullopt;
    }
    if (members.has("equals") && !header && !field) {
        m_context.failAtKey(Code::MissingKey, members.pathOf("equals"),
                            "\"equals\" needs \"header\" or \"field\": it is the value one of "
                            "them must have",
                            "add the \"header\" or \"field\" to compare, or remove \"equals\"");
        return std::nullopt;
    }
    return ok ? std::optional(std::move(rule)) : std::nullopt;
}

} // namespace evsim::loader
