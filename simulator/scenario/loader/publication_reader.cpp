#include "simulator/scenario/loader/publication_reader.h"

#include "simulator/scenario/loader/message_text.h"

#include <optional>

namespace evsim::loader {

Publication PublicationReader::read(const Json& v, const std::string& path) const {
    Publication pub;
    const Json* event = m_values.require(v, path, "event");
    pub.event =
        (event ? m_values.readString(*event, at(path, "event"), true) : std::nullopt).value_or("");
    if (v.contains("version")) {
        pub.version = static_cast<int>(
            m_values.readInteger(v["version"], at(path, "version"), 1, 255).value_or(1));
    }
    // A partitioned log's publication names a topic and a record key.
    const bool logs = m_names.logWords();
    const std::string_view keyName = logs ? "key" : "routing_key";
    const std::string_view targetName = logs ? "topic" : "exchange";
    std::optional<std::string> routingKey = "";
    if (v.contains(keyName)) {
        routingKey = m_values.readString(v[keyName], at(path, keyName));
    }
    const Json* exchange = m_values.require(v, path, targetName);
    const auto x =
        exchange ? m_values.readString(*exchange, at(path, targetName), logs) : std::nullopt;
    if (x && routingKey) {
        checkRoute(v, path, *x, *routingKey);
    }
    pub.exchange = x.value_or("");
    pub.routingKey = routingKey.value_or("");
    return pub;
}

// A publish goes to a declared exchange, or to the default exchange "" which delivers straight
// to the queue its routing key names.
void PublicationReader::checkRoute(const Json& obj, const std::string& path,
                                   const std::string& exchange,
                                   const std::string& routingKey) const {
    if (m_names.logWords()) {
        if (!exchange.empty()) {
            m_names.check(NameKind::Exchange, exchange, at(path, "topic"));
        }
        return;
    }
    if (!exchange.empty()) {
        m_names.check(NameKind::Exchange, exchange, at(path, "exchange"));
        return;
    }
    if (!m_names.complete(NameKind::Queue) || m_names.has(NameKind::Queue, routingKey)) {
        return;
    }
    if (!obj.contains("routing_key")) {
        m_context.fail(Code::MissingKey, path,
                       "the default exchange (\"\") needs a \"routing_key\" naming a queue");
        return;
    }
    const std::string hint = m_names.didYouMean(NameKind::Queue, routingKey);
    m_context.fail(Code::UnknownReference, at(path, "routing_key"),
                   "the default exchange (\"\") delivers to the queue named by \"routing_key\", "
                   "and there is no queue " +
                       quote(routingKey),
                   hint.empty() ? "declare the queue in broker.queues, or publish to a named "
                                  "exchange"
                                : hint);
}

} // namespace evsim::loader
