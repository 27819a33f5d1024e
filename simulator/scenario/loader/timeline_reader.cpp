#include "scenario/loader/timeline_reader.h"

#include <array>
#include <utility>

namespace evsim::loader {
namespace {

constexpr std::array<std::string_view, 2> kTimelineKeys{"at", "publish"};
constexpr std::array<std::string_view, 6> kPublishKeys{"service", "exchange", "routing_key",
                                                       "event",   "version",  "body"};

} // namespace

std::optional<Intervention> TimelineReader::read(const Json& v, const std::string& path) const {
    if (!m_values.isObject(v, path, kTimelineKeys)) {
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
    const Json* publish = m_values.require(v, path, "publish");
    const std::string p = at(path, "publish");
    if (!publish || !m_values.isObject(*publish, p, kPublishKeys)) {
        return std::nullopt;
    }
    const Publication pub = m_publications.read(*publish, p);
    PublishMessage message;
    message.exchange = pub.exchange;
    message.routingKey = pub.routingKey;
    message.eventType = pub.event;
    message.schemaVersion = pub.version;
    if (publish->contains("service")) {
        message.service = m_values.readString((*publish)["service"], at(p, "service")).value_or("");
    }
    if (publish->contains("body")) {
        message.body = m_values.readBody((*publish)["body"], at(p, "body")).value_or("{}");
    }
    entry.action = std::move(message);
    return entry;
}

} // namespace evsim::loader
