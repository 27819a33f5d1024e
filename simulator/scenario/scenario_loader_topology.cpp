#include "scenario/did_you_mean.h"
#include "scenario/scenario_loader_document.h"

#include <array>
#include <utility>

// The broker's exchanges, queues and bindings, and the network links between services and the
// broker.

namespace evsim::loader {
namespace {

constexpr std::array<std::string_view, 3> kBrokerKeys{"exchanges", "queues", "bindings"};
constexpr std::array<std::string_view, 2> kExchangeKeys{"name", "type"};
constexpr std::array<std::string_view, 1> kQueueKeys{"name"};
constexpr std::array<std::string_view, 3> kBindingKeys{"exchange", "queue", "key"};
constexpr std::array<std::string_view, 2> kNetworkKeys{"latency", "links"};
constexpr std::array<std::string_view, 3> kLinkKeys{"from", "to", "latency"};

} // namespace

void Loader::readBroker(const Json& v, const std::string& path) {
    if (!isObject(v, path, kBrokerKeys)) {
        m_exchanges.complete = m_queues.complete = false;
        return;
    }
    m_exchanges.complete = !v.contains("exchanges") || v["exchanges"].is_array();
    m_queues.complete = !v.contains("queues") || v["queues"].is_array();
    static constexpr std::array<std::string_view, 2> kTypes{"direct", "fanout"};
    forEach(v, path, "exchanges", [&](const Json& e, const std::string& p) {
        const Json* name = isObject(e, p, kExchangeKeys) ? require(e, p, "name") : nullptr;
        const auto n = name ? readString(*name, at(p, "name"), true) : std::nullopt;
        if (!n) {
            m_exchanges.complete = false;
            return;
        }
        declare(m_exchanges, *n, at(p, "name"), "exchange");
        const Json* type = require(e, p, "type");
        if (type && type->is_string() && (*type == "topic" || *type == "headers")) {
            fail(at(p, "type"),
                 "exchange type " + quote(type->get<std::string>()) + " is not supported yet",
                 "use \"direct\" or \"fanout\"");
            return;
        }
        const auto t =
            type ? readChoice(*type, at(p, "type"), "exchange type", kTypes) : std::nullopt;
        if (t) {
            m_scenario.broker.exchanges.push_back(
                {*n, *t == "direct" ? ExchangeType::Direct : ExchangeType::Fanout});
        }
    });
    forEach(v, path, "queues", [&](const Json& q, const std::string& p) {
        const Json* name = isObject(q, p, kQueueKeys) ? require(q, p, "name") : nullptr;
        const auto n = name ? readString(*name, at(p, "name"), true) : std::nullopt;
        if (!n) {
            m_queues.complete = false;
            return;
        }
        declare(m_queues, *n, at(p, "name"), "queue");
        m_scenario.broker.queues.push_back({*n});
    });
    forEach(v, path, "bindings", [&](const Json& b, const std::string& p) {
        if (!isObject(b, p, kBindingKeys)) {
            return;
        }
        BindingSpec spec;
        if (const Json* x = require(b, p, "exchange")) {
            spec.exchange = readString(*x, at(p, "exchange"), true).value_or("");
            if (!spec.exchange.empty()) {
                checkName(m_exchanges, spec.exchange, at(p, "exchange"), "exchange",
                          "broker.exchanges");
            }
        }
        if (const Json* q = require(b, p, "queue")) {
            spec.queue = readString(*q, at(p, "queue"), true).value_or("");
            if (!spec.queue.empty()) {
                checkName(m_queues, spec.queue, at(p, "queue"), "queue", "broker.queues");
            }
        }
        if (b.contains("key")) {
            spec.key = readString(b["key"], at(p, "key")).value_or("");
        }
        m_scenario.broker.bindings.push_back(std::move(spec));
    });
}

void Loader::readNetwork(const Json& v, const std::string& path) {
    if (!isObject(v, path, kNetworkKeys)) {
        return;
    }
    if (v.contains("latency")) {
        m_scenario.network.latency =
            readDistribution(v["latency"], at(path, "latency")).value_or(Distribution());
    }
    forEach(v, path, "links", [&](const Json& e, const std::string& p) { readLink(e, p); });
}

void Loader::readLink(const Json& v, const std::string& path) {
    if (!isObject(v, path, kLinkKeys)) {
        return;
    }
    LinkSpec link;
    const Json* from = require(v, path, "from");
    const Json* to = require(v, path, "to");
    const auto f = from ? readString(*from, at(path, "from"), true) : std::nullopt;
    const auto t = to ? readString(*to, at(path, "to"), true) : std::nullopt;
    if (const Json* latency = require(v, path, "latency")) {
        link.latency = readDistribution(*latency, at(path, "latency")).value_or(Distribution());
    }
    if (!f || !t) {
        return;
    }
    link.from = *f;
    link.to = *t;
    if (*f == "broker" && *t == "broker") {
        fail(at(path, "to"), "a link cannot go from the broker to itself");
    } else if (*f != "broker" && *t != "broker") {
        static constexpr std::array<std::string_view, 1> kBroker{"broker"};
        std::string hint = didYouMean(*t, kBroker);
        hint = hint.empty() ? didYouMean(*f, kBroker) : hint;
        fail(path,
             "a link joins a service and the broker, but neither \"from\" nor \"to\" is "
             "\"broker\"",
             hint.empty() ? "services talk to each other only through the broker" : hint);
    } else {
        const std::string side = *f == "broker" ? "to" : "from";
        checkName(m_services, side == "to" ? *t : *f, at(path, side), "service", "services");
        const auto [it, fresh] = m_links.emplace(std::pair(*f, *t), path);
        if (!fresh) {
            fail(path, "duplicate link from " + quote(*f) + " to " + quote(*t),
                 "first declared at " + lineOf(it->second));
        }
    }
    m_scenario.network.links.push_back(std::move(link));
}

} // namespace evsim::loader
