#include "harness/contracts/contract_report.h"

#include "harness/query/topology_reach.h"

#include <algorithm>
#include <map>
#include <optional>
#include <set>

namespace evsim {
namespace {

struct Publish {
    std::string who;
    std::string exchange;
    std::string key;
};

// The versions a service moves to, each with the deploy's name (or "a rolling deploy").
std::vector<std::pair<int, std::string>> deploysOf(const Scenario& s, const std::string& service) {
    std::vector<std::pair<int, std::string>> out;
    for (const Intervention& i : s.timeline) {
        if (const auto* d = std::get_if<RollingDeploy>(&i.action); d && d->service == service) {
            out.emplace_back(d->version, i.name.empty() ? "a rolling deploy" : i.name);
        }
    }
    return out;
}

EventContracts contractsOf(const Scenario& s, const EventSchema& schema,
                           const TopologyReach& reach) {
    EventContracts out;
    out.schema = &schema;
    out.registry = modeViolations(schema);
    std::map<int, std::vector<Publish>> written; // version -> publishes
    const auto write = [&](const std::string& service, int version, const std::string& exchange,
                           const std::string& key) {
        written[version].push_back({service, exchange, key});
        for (const auto& [v, name] : deploysOf(s, service)) {
            if (schema.version(v) != nullptr) {
                written[v].push_back({service + " after " + name, exchange, key});
            }
        }
    };
    for (const ServiceSpec& service : s.services) {
        for (const ProducerSpec& p : service.produces) {
            if (p.eventType == schema.eventType) {
                write(service.name, p.schemaVersion, p.exchange, p.routingKey);
            }
        }
        for (const ConsumerSpec& c : service.consumes) {
            for (const EmitSpec& e : c.emits) {
                if (e.eventType == schema.eventType) {
                    write(service.name, e.schemaVersion, e.exchange, e.routingKey);
                }
            }
            for (const ReadSpec& r : c.reads) {
                if (r.eventType != schema.eventType) {
                    continue;
                }
                out.readers.push_back(
                    {service.name, c.queue, r.version, false, r.accepts, r.fields});
                for (const auto& [v, name] : deploysOf(s, service.name)) {
                    if (v != r.version && schema.version(v) != nullptr) {
                        out.readers.push_back(
                            {service.name, c.queue, v, true, r.accepts, r.fields});
                    }
                }
            }
        }
    }
    for (const auto& [version, publishes] : written) {
        ContractWriter w{version, {}};
        std::set<std::string> reached;
        for (const Publish& p : publishes) {
            if (std::find(w.by.begin(), w.by.end(), p.who) == w.by.end()) {
                w.by.push_back(p.who);
            }
            const auto queues = reach.of(p.exchange, p.key);
            reached.insert(queues.begin(), queues.end());
        }
        std::vector<ContractCell> row;
        const JsonSchema* writer = schema.version(version);
        for (const ContractReader& r : out.readers) {
            ContractCell cell;
            cell.meet = reached.count(r.source) > 0;
            const JsonSchema* reader = schema.version(r.version);
            if (writer == nullptr || reader == nullptr) {
                cell.problems.push_back(
                    {"", "version " + std::to_string(version) + " is not declared"});
            } else if (!r.accepts.empty() &&
                       std::find(r.accepts.begin(), r.accepts.end(), version) == r.accepts.end()) {
                cell.problems.push_back(
                    {"", "version " + std::to_string(version) + " is not one it accepts"});
            } else {
                cell.problems = fieldProblems(*reader, *writer, r.fields);
            }
            row.push_back(std::move(cell));
        }
        out.writers.push_back(std::move(w));
        out.cells.push_back(std::move(row));
    }
    return out;
}

} // namespace

std::size_t ContractReport::brokenPairs() const {
    std::size_t n = 0;
    for (const EventContracts& e : events) {
        for (const auto& row : e.cells) {
            n += static_cast<std::size_t>(std::count_if(
                row.begin(), row.end(), [](const auto& c) { return c.meet && !c.compatible(); }));
        }
    }
    return n;
}

std::size_t ContractReport::refusedVersions() const {
    std::size_t n = 0;
    for (const EventContracts& e : events) {
        n += e.registry.size();
    }
    return n;
}

ContractReport checkContracts(const Scenario& scenario) {
    const TopologyReach reach(scenario);
    ContractReport report;
    for (const EventSchema& schema : scenario.schemas) {
        report.events.push_back(contractsOf(scenario, schema, reach));
    }
    return report;
}

} // namespace evsim
