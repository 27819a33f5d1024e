#include "scenario/scenario_loader_document.h"

#include <array>
#include <climits>
#include <cstdint>
#include <utility>

// Everything that publishes or consumes: services with their producers and consumers, and the
// timeline's one-off publishes, which share readPublication.

namespace evsim::loader {
namespace {

constexpr std::array<std::string_view, 4> kServiceKeys{"name", "instances", "produces", "consumes"};
constexpr std::array<std::string_view, 9> kProducerKeys{
    "event", "version", "exchange", "routing_key", "rate", "gap", "count", "start", "body"};
constexpr std::array<std::string_view, 7> kConsumerKeys{
    "queue", "prefetch", "processing", "ack", "failure_probability", "on_failure", "emits"};
constexpr std::array<std::string_view, 4> kEmitKeys{"event", "version", "exchange", "routing_key"};
constexpr std::array<std::string_view, 2> kTimelineKeys{"at", "publish"};
constexpr std::array<std::string_view, 6> kPublishKeys{"service", "exchange", "routing_key",
                                                       "event",   "version",  "body"};

} // namespace

void Loader::readService(const Json& v, const std::string& path) {
    if (!isObject(v, path, kServiceKeys)) {
        m_services.complete = false;
        return;
    }
    ServiceSpec service;
    const Json* name = require(v, path, "name");
    const auto n = name ? readString(*name, at(path, "name"), true) : std::nullopt;
    if (n && *n == "broker") {
        fail(at(path, "name"), "service name \"broker\" is reserved",
             "network links use \"broker\" for the broker itself; pick another name");
    } else if (n) {
        declare(m_services, *n, at(path, "name"), "service");
    } else {
        m_services.complete = false;
    }
    service.name = n.value_or("");
    if (v.contains("instances")) {
        service.instances = static_cast<std::uint32_t>(
            readInteger(v["instances"], at(path, "instances"), 1, UINT32_MAX).value_or(1));
    }
    forEach(v, path, "produces",
            [&](const Json& e, const std::string& p) { readProducer(e, p, service); });
    forEach(v, path, "consumes",
            [&](const Json& e, const std::string& p) { readConsumer(e, p, service); });
    // From the document, not from what was read: a broken consumer is still a consumer.
    if (const auto c = v.find("consumes"); n && c != v.end() && c->is_array() && !c->empty()) {
        m_consumingServices.insert(*n);
    }
    m_scenario.services.push_back(std::move(service));
}

Publication Loader::readPublication(const Json& v, const std::string& path) {
    Publication pub;
    const Json* event = require(v, path, "event");
    pub.event = (event ? readString(*event, at(path, "event"), true) : std::nullopt).value_or("");
    if (v.contains("version")) {
        pub.version =
            static_cast<int>(readInteger(v["version"], at(path, "version"), 1, 255).value_or(1));
    }
    std::optional<std::string> routingKey = "";
    if (v.contains("routing_key")) {
        routingKey = readString(v["routing_key"], at(path, "routing_key"));
    }
    const Json* exchange = require(v, path, "exchange");
    const auto x = exchange ? readString(*exchange, at(path, "exchange")) : std::nullopt;
    if (x && routingKey) {
        checkRoute(v, path, *x, *routingKey);
    }
    pub.exchange = x.value_or("");
    pub.routingKey = routingKey.value_or("");
    return pub;
}

void Loader::readProducer(const Json& v, const std::string& path, ServiceSpec& service) {
    if (!isObject(v, path, kProducerKeys)) {
        return;
    }
    const Publication pub = readPublication(v, path);
    ProducerSpec spec;
    spec.eventType = pub.event;
    spec.schemaVersion = pub.version;
    spec.exchange = pub.exchange;
    spec.routingKey = pub.routingKey;
    if (v.contains("count")) {
        spec.count = readInteger(v["count"], at(path, "count"), 1, UINT64_MAX);
    }
    if (v.contains("rate") && v.contains("gap")) {
        failAtKey(at(path, "gap"), "\"rate\" and \"gap\" are both set; give only one",
                  "\"rate\": \"200/s\" is the same as \"gap\": \"5ms\"");
    } else if (v.contains("rate")) {
        const auto r = readRate(v["rate"], at(path, "rate"));
        spec.gap = Distribution::constant(r ? r->gap() : SimTime::zero());
    } else if (v.contains("gap")) {
        const auto g = readDistribution(v["gap"], at(path, "gap"));
        // A gap that is always 0 would publish without end at one instant and time would stop.
        if (g && g->isEffectivelyZero() && !v.contains("count")) {
            fail(at(path, "gap"), "\"gap\" is always 0, so the producer would never let time pass",
                 "give a \"count\" for a burst, or a gap above 0");
        }
        spec.gap = g.value_or(Distribution());
    } else {
        fail(path, "missing \"rate\" or \"gap\"",
             "e.g. \"rate\": \"200/s\" for a steady stream, or \"gap\": { \"dist\": "
             "\"exponential\", \"mean\": \"5ms\" } for Poisson arrivals");
    }
    if (v.contains("start")) {
        spec.start = readDuration(v["start"], at(path, "start")).value_or(SimTime::zero());
    }
    if (v.contains("body")) {
        spec.body = v["body"].dump();
    }
    service.produces.push_back(std::move(spec));
}

void Loader::readConsumer(const Json& v, const std::string& path, ServiceSpec& service) {
    if (!isObject(v, path, kConsumerKeys)) {
        return;
    }
    static constexpr std::array<std::string_view, 2> kAcks{"manual", "auto"};
    static constexpr std::array<std::string_view, 2> kActions{"requeue", "reject"};
    ConsumerSpec spec;
    if (const Json* q = require(v, path, "queue")) {
        spec.queue = readString(*q, at(path, "queue"), true).value_or("");
        if (!spec.queue.empty()) {
            checkName(m_queues, spec.queue, at(path, "queue"), "queue", "broker.queues");
        }
    }
    if (v.contains("prefetch")) {
        spec.prefetch = static_cast<std::uint32_t>(
            readInteger(v["prefetch"], at(path, "prefetch"), 0, UINT32_MAX).value_or(0));
    }
    if (v.contains("processing")) {
        spec.processing =
            readDistribution(v["processing"], at(path, "processing")).value_or(Distribution());
    }
    if (v.contains("ack")) {
        const auto a = readChoice(v["ack"], at(path, "ack"), "ack mode", kAcks);
        spec.ack = a == "auto" ? AckMode::Auto : AckMode::Manual;
    }
    if (v.contains("failure_probability")) {
        spec.failureProbability =
            readProbability(v["failure_probability"], at(path, "failure_probability")).value_or(0);
    }
    if (v.contains("on_failure")) {
        const auto a =
            readChoice(v["on_failure"], at(path, "on_failure"), "failure action", kActions);
        spec.onFailure = a == "reject" ? FailureAction::Reject : FailureAction::Requeue;
    }
    forEach(v, path, "emits", [&](const Json& e, const std::string& p) {
        if (isObject(e, p, kEmitKeys)) {
            const Publication pub = readPublication(e, p);
            spec.emits.push_back({pub.event, pub.version, pub.exchange, pub.routingKey});
        }
    });
    service.consumes.push_back(std::move(spec));
}

void Loader::readTimelineEntry(const Json& v, const std::string& path) {
    if (!isObject(v, path, kTimelineKeys)) {
        return;
    }
    Intervention entry;
    if (const Json* when = require(v, path, "at")) {
        entry.at = readDuration(*when, at(path, "at")).value_or(SimTime::zero());
        if (m_durationKnown && entry.at > m_scenario.duration) {
            fail(at(path, "at"), "\"at\" (" + formatDuration(entry.at) +
                                     ") is after the end of the run (\"duration\" is " +
                                     formatDuration(m_scenario.duration) + ")");
        }
    }
    const Json* publish = require(v, path, "publish");
    const std::string p = at(path, "publish");
    if (!publish || !isObject(*publish, p, kPublishKeys)) {
        return;
    }
    const Publication pub = readPublication(*publish, p);
    PublishMessage message{"", pub.exchange, pub.routingKey, pub.event, pub.version, "{}"};
    if (publish->contains("service")) {
        message.service = readString((*publish)["service"], at(p, "service")).value_or("");
    }
    if (publish->contains("body")) {
        message.body = (*publish)["body"].dump();
    }
    entry.action = std::move(message);
    m_scenario.timeline.push_back(std::move(entry));
}

} // namespace evsim::loader
