#include "scenario/loader/name_registry.h"

#include "scenario/did_you_mean.h"
#include "scenario/loader/message_text.h"

namespace evsim::loader {
namespace {

// "exchange", and where declarations of that kind go.
std::string_view what(NameKind kind) {
    switch (kind) {
    case NameKind::Exchange:
        return "exchange";
    case NameKind::Queue:
        return "queue";
    case NameKind::Service:
        return "service";
    }
    return "name";
}

std::string_view declaredIn(NameKind kind) {
    switch (kind) {
    case NameKind::Exchange:
        return "broker.exchanges";
    case NameKind::Queue:
        return "broker.queues";
    case NameKind::Service:
        return "services";
    }
    return "";
}

} // namespace

NameRegistry::Table& NameRegistry::table(NameKind kind) {
    return kind == NameKind::Exchange ? m_exchanges
           : kind == NameKind::Queue  ? m_queues
                                      : m_services;
}

const NameRegistry::Table& NameRegistry::table(NameKind kind) const {
    return kind == NameKind::Exchange ? m_exchanges
           : kind == NameKind::Queue  ? m_queues
                                      : m_services;
}

void NameRegistry::declare(NameKind kind, const std::string& name, const std::string& path) {
    Table& t = table(kind);
    const auto [it, fresh] = t.paths.emplace(name, path);
    if (!fresh) {
        m_context.fail(Code::DuplicateName, path,
                       "duplicate " + std::string(what(kind)) + " name " + quote(name),
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
                   "unknown " + std::string(what(kind)) + " " + quote(name),
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
    const std::string w(what(kind));
    const std::vector<std::string>& names = t.index.names();
    return names.empty() ? "no " + w + " is declared; add it to " + std::string(declaredIn(kind))
                         : "declared " + w + "s: " + listOf(names, 8);
}

} // namespace evsim::loader
