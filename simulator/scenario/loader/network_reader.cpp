#include "simulator/scenario/loader/network_reader.h"

#include "simulator/scenario/did_you_mean.h"
#include "simulator/scenario/loader/message_text.h"

#include <array>
#include <optional>

namespace evsim::loader {
namespace {

constexpr std::array<std::string_view, 2> kNetworkKeys{"latency", "links"};
constexpr std::array<std::string_view, 3> kLinkKeys{"from", "to", "latency"};

} // namespace

void NetworkReader::read(const Json& v, const std::string& path, NetworkSpec& network) {
    if (!m_values.isObject(v, path, kNetworkKeys)) {
        return;
    }
    if (v.contains("latency")) {
        network.latency =
            m_distributions.read(v["latency"], at(path, "latency")).value_or(Distribution());
    }
    m_values.forEach(v, path, "links",
                     [&](const Json& e, const std::string& p) { readLink(e, p, network); });
}

void NetworkReader::readLink(const Json& v, const std::string& path, NetworkSpec& network) {
    if (!m_values.isObject(v, path, kLinkKeys)) {
        return;
    }
    LinkSpec link;
    const Json* from = m_values.require(v, path, "from");
    const Json* to = m_values.require(v, path, "to");
    const auto f = from ? m_values.readString(*from, at(path, "from"), true) : std::nullopt;
    const auto t = to ? m_values.readString(*to, at(path, "to"), true) : std::nullopt;
    if (const Json* latency = m_values.require(v, path, "latency")) {
        link.latency = m_distributions.read(*latency, at(path, "latency")).value_or(Distribution());
    }
    if (!f || !t) {
        return;
    }
    link.from = *f;
    link.to = *t;
    if (*f == "broker" && *t == "broker") {
        m_context.fail(Code::BadLink, at(path, "to"), "a link cannot go from the broker to itself");
    } else if (*f != "broker" && *t != "broker") {
        static constexpr std::array<std::string_view, 1> kBroker{"broker"};
        std::string hint = didYouMean(*t, kBroker);
        hint = hint.empty() ? didYouMean(*f, kBroker) : hint;
        m_context.fail(Code::BadLink, path,
                       "a link joins a service and the broker, but neither \"from\" nor \"to\" "
                       "is \"broker\"",
                       hint.empty() ? "services talk to each other only through the broker" : hint);
    } else {
        const std::string side = *f == "broker" ? "to" : "from";
        m_names.check(NameKind::Service, side == "to" ? *t : *f, at(path, side));
        const auto [it, fresh] = m_links.emplace(std::pair(*f, *t), path);
        if (!fresh) {
            m_context.fail(Code::DuplicateName, path,
                           "duplicate link from " + quote(*f) + " to " + quote(*t),
                           "first declared at " + m_context.lineOf(it->second));
        }
    }
    network.links.push_back(std::move(link));
}

} // namespace evsim::loader
