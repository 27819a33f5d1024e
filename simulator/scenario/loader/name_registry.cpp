#include "simulator/scenario/loader/name_registry.h"

#include "simulator/scenario/did_you_mean.h"
#include "simulator/scenario/loader/message_text.h"

#include <utility>

namespace evsim::loader {
namespace {

// "exchange", and where declarations of that kind go. A partitioned-log broker's targets are
// topics and its sources consumer groups.
std::string_view what(NameKind kind, bool logs) {
    switch (kind) {
    case NameKind::Exchange:
        return logs ? "topic" : "exchange";
    case NameKind::Queue:
        return logs ? "group" : "queue";
    case NameKind::Service:
        return "service";
    case NameKind::Alert:
        return "alert";
    case NameKind::Intervention:
        return "intervention";
    }
    return "name";
}

std::string_view declaredIn(NameKind kind, bool logs) {
    switch (kind) {
    case NameKind::Exchange:
        return logs ? "broker.topics" : "broker.exchanges";
    case NameKind::Queue:
        return logs ? "broker.groups" : "broker.queues";
    case NameKind::Service:
        return "services";
    case NameKind::Alert:
        return "alerts";
    case NameKind::Intervention:
        return "timeline";
    }
    return "";
}

// "a, b, c, …": descriptions (not names, so unquoted), at most `limit` of them.
std::string joined(const std::vector<std::string>& parts, std::size_t limit) {
    std::string out;
    for (std::size_t i = 0; i < parts.size() && i < limit; ++i) {
        out += (i ? ", " : "") + parts[i];
    }
    return parts.size() > limit ? out + ", …" : out;
}

} // namespace

NameRegistry::Table& NameRegistry::table(NameKind kind) {
    return const_cast<Table&>(std::as_const(*this).table(kind));
}

const NameRegistry::Table& NameRegistry::table(NameKind kind) const {
    switch (kind) {
    case NameKind::Exchange:
        return m_exchanges;
    case NameKind::Queue:
        return m_queues;
    case NameKind::Service:
        return m_services;
    case NameKind::Alert:
        return m_alerts;
    case NameKind::Intervention:
        break;
    }
    return m_interventions;
}

std::optional<std::uint32_t> NameRegistry::instancesOf(std::string_view service) const {
    const auto it = m_instances.find(service);
    return it == m_instances.end() ? std::nullopt : std::optional(it->second);
}

void NameRegistry::declare(NameKind kind, const std::string& name, const std::string& path) {
    Table& t = table(kind);
    const auto [it, fresh] = t.paths.emplace(name, path);
    if (!fresh) {
        m_context.fail(Code::DuplicateName, path,
                       "duplicate " + std::string(what(kind, m_logs)) + " name " + quote(name),
                       "first declared at " + m_context.lineOf(it->second));
        return;
    }
    t.index.add(name);
}

bool NameRegistry::check(NameKind kind, const std::string& name, const std::string& path) {
    if (!complete(kind) || has(kind, name)) {
        return true;
    }
    std::string hint = didYouMean(kind, name);
    m_context.fail(Code::UnknownReference, path,
                   "unknown " + std::string(what(kind, m_logs)) + " " + quote(name),
                   hint.empty() ? listing(kind) : hint);
    return false;
}

bool NameRegistry::has(NameKind kind, std::string_view name) const {
    const Table& t = table(kind);
    return t.paths.find(name) != t.paths.end();
}

std::string NameRegistry::didYouMean(NameKind kind, std::string_view word) const {
    // Quoted as in the file, so that the suggestion can be pasted back; names long enough
    // to be cut are never suggested.
    const auto nearest = table(kind).index.nearest(word);
    return nearest ? "did you mean " + quote(*nearest, kMaxSuggestedLength) + "?" : "";
}

std::string NameRegistry::listing(NameKind kind) const {
    const Table& t = table(kind);
    const std::string w(what(kind, m_logs));
    const std::vector<std::string>& names = t.index.names();
    // An expectation usually names an intervention that was never given a name.
    if (kind == NameKind::Intervention && !m_unnamed.empty()) {
        return m_unnamed.size() == 1
                   ? "give the timeline entry a \"name\": the " + m_unnamed[0] + " has none"
                   : "give the timeline entry a \"name\"; these have none: " + joined(m_unnamed, 4);
    }
    if (kind == NameKind::Intervention) {
        return names.empty() ? "no timeline entry has a \"name\"; give the timeline entry a "
                               "\"name\" to refer to it"
                             : "named timeline entries: " + listOf(names, 8);
    }
    return names.empty()
               ? "no " + w + " is declared; add it to " + std::string(declaredIn(kind, m_logs))
               : "declared " + w + "s: " + listOf(names, 8);
}

} // namespace evsim::loader
