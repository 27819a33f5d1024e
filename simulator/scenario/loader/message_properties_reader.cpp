#include "simulator/scenario/loader/message_properties_reader.h"

#include "simulator/scenario/loader/member_reader.h"
#include "simulator/scenario/loader/message_text.h"

namespace evsim::loader {

MessageProperties MessagePropertiesReader::read(const Json& v, const std::string& path) const {
    MessageProperties props;
    const MemberReader members(m_values, v, path);
    members.boolean("persistent", props.persistent);
    members.duration("expiration", props.expiration);
    if (const Json* headers = members.find("headers")) {
        const std::string p = members.pathOf("headers");
        // AMQP headers are a table: names to values. Anything else has no header to match.
        if (!headers->is_object()) {
            m_context.fail(Code::WrongType, p,
                           "\"headers\" must be an object of header names and values, got " +
                               describe(*headers),
                           "e.g. { \"tenant\": \"acme\", \"attempt\": 1 }");
            return props;
        }
        std::string text = headers->dump();
        if (text.size() > kMaxHeadersBytes.max) {
            m_context.fail(Code::LimitExceeded, p,
                           "\"headers\" is " + std::to_string(text.size()) +
                               " bytes of JSON; the limit is " +
                               std::to_string(kMaxHeadersBytes.max),
                           std::string(kMaxHeadersBytes.why));
            return props;
        }
        props.headers = std::move(text);
    }
    return props;
}

} // namespace evsim::loader
