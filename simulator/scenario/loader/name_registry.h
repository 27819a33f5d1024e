#pragma once

#include "scenario/loader/load_context.h"
#include "scenario/name_index.h"

#include <functional>
#include <map>
#include <set>
#include <string>
#include <string_view>
#include <vector>

// The names a scenario declares, and the references to them.

namespace evsim::loader {

enum class NameKind { Exchange, Queue, Service };

// The exchanges, queues and services declared so far, each in declaration order, and the
// services that consume a queue. Declaring reports duplicates; checking a reference reports an
// unknown name with the nearest declared one as a hint. Every report goes through the context.
class NameRegistry {
public:
    explicit NameRegistry(LoadContext& context) : m_context(context) {}

    // Declares `name`, read at `path`; a name declared before is reported as a duplicate.
    void declare(NameKind kind, const std::string& name, const std::string& path);
    // Whether `name` may be used at `path`: true when it is declared, or when the table is
    // incomplete (a broken section has its own errors; guessing what it meant would only add
    // noise). Otherwise reports it as unknown, with a hint, and returns false.
    bool check(NameKind kind, const std::string& name, const std::string& path);

    bool has(NameKind kind, std::string_view name) const;
    // The declared name nearest to a misspelt `word`, as "did you mean ...?", or "". Cheap
    // even for tens of thousands of names (see NameIndex).
    std::string didYouMean(NameKind kind, std::string_view word) const;
    // "declared queues: ..." or "no queue is declared; add it to broker.queues".
    std::string listing(NameKind kind) const;

    // Some entry of `kind` could not be read, so references cannot be checked against it.
    void markIncomplete(NameKind kind) { table(kind).complete = false; }
    bool complete(NameKind kind) const { return table(kind).complete; }

    void markConsuming(const std::string& service) { m_consumingServices.insert(service); }
    bool consumes(std::string_view service) const {
        return m_consumingServices.find(service) != m_consumingServices.end();
    }

private:
    struct Table {
        std::map<std::string, std::string, std::less<>> paths; // name -> where it was declared
        NameIndex index;                                       // declaration order, for hints
        bool complete = true;
    };
    Table& table(NameKind kind);
    const Table& table(NameKind kind) const;

    LoadContext& m_context;
    Table m_exchanges;
    Table m_queues;
    Table m_services;
    std::set<std::string, std::less<>> m_consumingServices;
};

} // namespace evsim::loader
