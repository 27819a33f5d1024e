#include "simulator/scenario/loader/message_fault_reader.h"

#include "simulator/scenario/loader/member_reader.h"
#include "simulator/scenario/loader/message_text.h"

#include <algorithm>
#include <array>
#include <charconv>
#include <system_error>

namespace evsim::loader {
namespace {

constexpr std::array<std::string_view, 4> kKeys{"id", "action", "by", "restart_after"};
constexpr std::array<std::string_view, 4> kKinds{"drop", "duplicate", "delay", "crash_receiver"};
constexpr std::string_view kIdPrefix = "msg-";

} // namespace

std::optional<std::uint32_t> MessageFaultReader::readId(const Json& v,
                                                        const std::string& path) const {
    if (!m_values.isString(v, path)) {
        return std::nullopt;
    }
    const std::string& text = v.get_ref<const std::string&>();
    std::uint32_t id = 0;
    const char* digits = text.data() + kIdPrefix.size();
    const char* end = text.data() + text.size();
    if (text.size() > kIdPrefix.size() && text.starts_with(kIdPrefix) && *digits != '0') {
        const std::from_chars_result read = std::from_chars(digits, end, id);
        if (read.ec == std::errc{} && read.ptr == end) {
            return id;
        }
    }
    m_context.fail(Code::WrongType, path, label(path) + " must name a message, got " + describe(v),
                   "write the id as the app and --events show it, such as \"msg-1234\"");
    return std::nullopt;
}

std::optional<MessageFault> MessageFaultReader::read(const Json& v, const std::string& path) const {
    if (!m_values.isObject(v, path, kKeys)) {
        return std::nullopt;
    }
    MessageFault fault;
    const Json* id = m_values.require(v, path, "id");
    const std::optional<std::uint32_t> message = id ? readId(*id, at(path, "id")) : std::nullopt;
    const Json* action = m_values.require(v, path, "action");
    const std::optional<std::string_view> kind =
        action ? m_values.readChoice(*action, at(path, "action"), "message action", kKinds)
               : std::nullopt;
    if (!message || !kind) {
        return std::nullopt;
    }
    fault.message = *message;
    fault.kind = static_cast<MessageFaultKind>(
        1 + (std::find(kKinds.begin(), kKinds.end(), *kind) - kKinds.begin()));
    const MemberReader members(m_values, v, path);
    const auto onlyFor = [&](std::string_view key, MessageFaultKind owner) {
        if (members.has(key) && fault.kind != owner) {
            m_context.fail(Code::Inapplicable, at(path, key),
                           quote(key) + " belongs to the " + quote(messageFaultName(owner)) +
                               " action, not to " + quote(*kind),
                           "remove it");
            return false;
        }
        return true;
    };
    bool ok = onlyFor("by", MessageFaultKind::Delay) &&
              onlyFor("restart_after", MessageFaultKind::CrashReceiver);
    if (ok && fault.kind == MessageFaultKind::Delay) {
        ok = m_values.require(v, path, "by") != nullptr &&
             members.positiveDuration("by", fault.delay);
    }
    if (ok && fault.kind == MessageFaultKind::CrashReceiver) {
        ok = members.positiveDuration("restart_after", fault.restartAfter);
    }
    return ok ? std::optional<MessageFault>(fault) : std::nullopt;
}

} // namespace evsim::loader
