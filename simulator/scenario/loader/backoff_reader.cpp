#include "simulator/scenario/loader/backoff_reader.h"

#include "simulator/scenario/loader/member_reader.h"
#include "simulator/scenario/loader/message_text.h"

#include <array>

namespace evsim::loader {
namespace {

constexpr std::array<std::string_view, 3> kBackoffKeys{"initial", "multiplier", "max"};

} // namespace

Backoff BackoffReader::read(const Json& v, const std::string& path, const Backoff& defaults) const {
    if (!m_values.isObject(v, path, kBackoffKeys)) {
        return defaults;
    }
    const MemberReader members(m_values, v, path);
    Backoff b = defaults;
    bool ok = members.positiveDuration("initial", b.initial);
    ok = members.number("multiplier", b.multiplier, 1, false) && ok;
    const bool maxOk = members.duration("max", b.max);
    if (ok && maxOk && b.max < b.initial) {
        // Located at whichever of the two the file gives, "max" first: it is the one that caps.
        const bool maxGiven = members.has("max");
        m_context.fail(Code::OutOfRange, members.pathOf(maxGiven ? "max" : "initial"),
                       "\"max\" (" + formatDuration(b.max) + (maxGiven ? "" : ", the default") +
                           ") is less than \"initial\" (" + formatDuration(b.initial) + ")",
                       maxGiven ? "" : "give a \"max\" of at least " + formatDuration(b.initial));
        return defaults;
    }
    return ok && maxOk ? b : defaults;
}

} // namespace evsim::loader
