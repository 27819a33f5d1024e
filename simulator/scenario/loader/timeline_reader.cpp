#include "simulator/scenario/loader/timeline_reader.h"

#include "simulator/scenario/loader/message_text.h"

#include <algorithm>
#include <array>
#include <utility>
#include <vector>

namespace evsim::loader {
namespace {

constexpr std::array<std::string_view, 20> kActions{"publish",
                                                    "crash",
                                                    "restart",
                                                    "slow_down",
                                                    "pause",
                                                    "hang",
                                                    "error_burst",
                                                    "poison",
                                                    "cancel",
                                                    "broker_restart",
                                                    "purge",
                                                    "network",
                                                    "heal",
                                                    "message",
                                                    "delete_exchange",
                                                    "declare_exchange",
                                                    "broker_down",
                                                    "slow_broker",
                                                    "seek",
                                                    "rolling_deploy"};
// "at", "name", then every action.
constexpr std::array<std::string_view, 2 + kActions.size()> kTimelineKeys = [] {
    std::array<std::string_view, 2 + kActions.size()> keys{"at", "name"};
    for (std::size_t i = 0; i < kActions.size(); ++i) {
        keys[2 + i] = kActions[i];
    }
    return keys;
}();
constexpr std::array<std::string_view, 9> kPublishKeys{"service",    "exchange",   "routing_key",
                                                       "event",      "version",    "body",
                                                       "persistent", "expiration", "headers"};

} // namespace

std::optional<Intervention> TimelineReader::read(const Json& v, const std::string& path) const {
    if (!m_values.isObject(v, path, kTimelineKeys)) {
        m_names.markIncomplete(NameKind::Intervention); // it may have meant to have a name
        return std::nullopt;
    }
    Intervention entry;
    if (const Json* when = m_values.require(v, path, "at")) {
        entry.at = m_values.readDuration(*when, at(path, "at")).value_or(SimTime::zero());
        if (m_runEnd && entry.at > *m_runEnd) {
            m_context.fail(Code::AfterEnd, at(path, "at"),
                           "\"at\" (" + formatDuration(entry.at) +
                               ") is after the end of the run (\"duration\" is " +
                               formatDuration(*m_runEnd) + ")");
        }
    }
    std::vector<std::string_view> actions;
    for (const std::string_view a : kActions) {
        if (v.contains(a)) {
            actions.push_back(a);
        }
    }
    readName(v, path, actions.empty() ? "entry" : actions[0], entry);
    if (actions.empty()) {
        // An unknown key is most likely the action misspelt, and is reported as such.
        const bool unknownKey = std::any_of(v.items().begin(), v.items().end(), [](const auto& m) {
            return std::find(kTimelineKeys.begin(), kTimelineKeys.end(), m.key()) ==
                   kTimelineKeys.end();
        });
        if (!unknownKey) {
            m_context.fail(Code::MissingKey, path,
                           "a timeline entry needs an action: one of " +
                               listOf(kActions, kActions.size()));
        }
        return std::nullopt;
    }
    if (actions.size() > 1) {
        m_context.failAtKey(Code::ConflictingKeys, at(path, actions[1]),
                            "a timeline entry has one action, but " + quote(actions[0]) + " and " +
                                quote(actions[1]) + " are both set",
                            "split it into two entries; they may have the same \"at\"");
        return std::nullopt;
    }
    const std::string_view action = actions[0];
    const std::string p = at(path, action);
    const Json& value = v[std::string(action)];
    std::optional<InterventionAction> what;
    if (action == "publish") {
        what = readPublish(value, p);
    } else if (action == "network") {
        what = m_linkFaults.readNetwork(value, p);
    } else if (action == "heal") {
        what = m_linkFaults.readHeal(value, p);
    } else if (action == "message") {
        what = m_messageFaults.read(value, p);
    } else if (action == "seek") {
        what = m_seeks.read(value, p);
    } else {
        what = m_faults.read(action, value, p);
    }
    if (!what) {
        return std::nullopt;
    }
    entry.action = std::move(*what);
    return entry;
}

// Expectations refer to an entry by its name; an entry without one is remembered, since that
// is the usual reason an expectation's intervention is unknown.
void TimelineReader::readName(const Json& v, const std::string& path, std::string_view action,
                              Intervention& entry) const {
    if (!v.contains("name")) {
        m_names.markUnnamed(std::string(action) + " at " + formatDuration(entry.at) + " (" + path +
                            ")");
        return;
    }
    const std::string p = at(path, "name");
    const auto name = m_values.readString(v["name"], p, true);
    if (!name) {
        m_names.markIncomplete(NameKind::Intervention);
        return;
    }
    m_names.declare(NameKind::Intervention, *name, p);
    entry.name = *name;
}

std::optional<InterventionAction> TimelineReader::readPublish(const Json& publish,
                                                              const std::string& p) const {
    if (!m_values.isObject(publish, p, kPublishKeys)) {
        return std::nullopt;
    }
    const Publication pub = m_publications.read(publish, p);
    PublishMessage message;
    message.exchange = pub.exchange;
    message.routingKey = pub.routingKey;
    message.eventType = pub.event;
    message.schemaVersion = pub.version;
    if (publish.contains("service")) {
        message.service = m_values.readString(publish["service"], at(p, "service")).value_or("");
    }
    if (publish.contains("body")) {
        message.body = m_values.readBody(publish["body"], at(p, "body")).value_or("{}");
    }
    MessageProperties props = m_properties.read(publish, p);
    message.persistent = props.persistent;
    message.expiration = props.expiration;
    message.headers = std::move(props.headers);
    return message;
}

} // namespace evsim::loader
