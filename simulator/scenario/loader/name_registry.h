#pragma once

#include "simulator/scenario/loader/load_context.h"
#include "simulator/scenario/name_index.h"

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

// The names a scenario declares, and the references to them.

namespace evsim::loader {

// Interventions are the timeline entries that have a "name"; alerts are the alert rules.
enum class NameKind { Exchange, Queue, Service, Alert, Intervention };

// The names declared so far of each kind, in declaration order, the services that consume a
// queue and how many instances each service has. Declaring reports duplicates; checking a
// reference reports an unknown name with the nearest declared one as a hint. Every report goes
// through the context.
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
    // "declared queues: ..." or "no queue is declared; add it to broker.amqp.queues". For
    // interventions it points at the timeline entries that have no name (see markUnnamed).
    std::string listing(NameKind kind) const;

    // The broker is a partitioned log: its targets are topics and its sources groups, and
    // messages say so.
    void useLogWords() { m_logs = true; }
    bool logWords() const { return m_logs; }
    // A partitioned log's brokers, numbered from 1 (KAFKA12): what a timeline's broker faults
    // may name. 0: the broker is a single node.
    void setClusterBrokers(std::uint32_t brokers) { m_clusterBrokers = brokers; }
    std::uint32_t clusterBrokers() const { return m_clusterBrokers; }
    // A partitioned log's consumer group reads `partitions` partitions: what a seek may name.
    void setGroupPartitions(const std::string& group, std::uint32_t partitions) {
        m_groupPartitions.emplace(group, partitions);
    }
    // 0 when the group is unknown, or its topic's partitions could not be read.
    std::uint32_t groupPartitions(std::string_view group) const {
        const auto it = m_groupPartitions.find(group);
        return it == m_groupPartitions.end() ? 0 : it->second;
    }

    // Some entry of `kind` could not be read, so references cannot be checked against it.
    void markIncomplete(NameKind kind) { table(kind).complete = false; }
    bool complete(NameKind kind) const { return table(kind).complete; }

    void markConsuming(const std::string& service) { m_consumingServices.insert(service); }
    bool consumes(std::string_view service) const {
        return m_consumingServices.find(service) != m_consumingServices.end();
    }
    void markConsumes(const std::string& service, const std::string& queue) {
        m_consumedQueues.insert(service + '\n' + queue);
    }
    bool consumes(const std::string& service, const std::string& queue) const {
        return m_consumedQueues.contains(service + '\n' + queue);
    }
    void markProducing(const std::string& service) { m_producingServices.insert(service); }
    bool produces(std::string_view service) const {
        return m_producingServices.find(service) != m_producingServices.end();
    }
    // Whether any service consumes a queue.
    bool anyConsumes() const { return !m_consumingServices.empty(); }

    // The number of instances of a service whose "instances" could be read; the first
    // declaration of a name wins, as for the name itself.
    void setInstances(const std::string& service, std::uint32_t instances) {
        m_instances.emplace(service, instances);
    }
    std::optional<std::uint32_t> instancesOf(std::string_view service) const;

    // A timeline entry without a "name", described as "crash at 30s ($.timeline[2])": the
    // usual reason an expectation's intervention is unknown, so the hint names them.
    // Only the first few are kept: a hint names no more than four.
    void markUnnamed(std::string description) {
        if (m_unnamed.size() < 5) {
            m_unnamed.push_back(std::move(description));
        }
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
    Table m_alerts;
    Table m_interventions;
    std::set<std::string, std::less<>> m_consumingServices;
    std::set<std::string, std::less<>> m_producingServices;
    std::set<std::string> m_consumedQueues; // "service\nqueue"
    std::map<std::string, std::uint32_t, std::less<>> m_instances;
    std::map<std::string, std::uint32_t, std::less<>> m_groupPartitions;
    std::vector<std::string> m_unnamed;
    std::uint32_t m_clusterBrokers = 0;
    bool m_logs = false;
};

} // namespace evsim::loader
