#include "scenario/scenario_loader_document.h"

#include "scenario/did_you_mean.h"

#include <algorithm>
#include <array>
#include <cstdint>
#include <tuple>
#include <utility>

namespace evsim::loader {
namespace {

constexpr std::array<std::string_view, 10> kTopKeys{"$schema",  "name",   "description", "seed",
                                                    "duration", "broker", "services",    "network",
                                                    "timeline", "expect"};

} // namespace

// --- The run and the top level ------------------------------------------------------------

LoadResult<Scenario> Loader::run() {
    Json doc;
    if (parse(doc)) {
        if (!doc.is_object()) {
            fail("$", "the top level must be an object, got " + describe(doc),
                 "a scenario is a JSON object such as { \"name\": \"demo\", \"services\": [] }");
        } else {
            for (const auto& d : m_map.duplicateKeys()) {
                report(d.second, d.path, "duplicate key " + label(d.path),
                       "it is also set at line " + std::to_string(d.first.line) + ", column " +
                           std::to_string(d.first.column) + "; a key may appear once per object");
            }
            readTop(doc);
        }
    }
    LoadResult<Scenario> result;
    if (m_errors.empty()) {
        m_scenario.sourceFile = m_file;
        result.value = std::move(m_scenario);
        return result;
    }
    // Reported in reading order; shown in file order, which is how people fix them.
    std::stable_sort(m_errors.begin(), m_errors.end(), [](const LoadError& a, const LoadError& b) {
        return std::tie(a.line, a.column) < std::tie(b.line, b.column);
    });
    if (m_errors.size() > kMaxErrors) {
        m_errors.resize(kMaxErrors);
        m_errors.push_back(
            {m_file, 0, 0, "", "too many errors; stopped after " + std::to_string(kMaxErrors), ""});
    }
    result.errors = std::move(m_errors);
    return result;
}

void Loader::readTop(const Json& doc) {
    const std::string root = "$";
    isObject(doc, root, kTopKeys);
    if (const Json* v = doc.contains("$schema") ? &doc["$schema"] : nullptr) {
        readString(*v, at(root, "$schema"));
    }
    if (const Json* v = require(doc, root, "name")) {
        m_scenario.name = readString(*v, at(root, "name"), true).value_or("");
    }
    if (doc.contains("description")) {
        m_scenario.description =
            readString(doc["description"], at(root, "description")).value_or("");
    }
    if (doc.contains("seed")) {
        m_scenario.seed = readInteger(doc["seed"], at(root, "seed"), 0, UINT64_MAX).value_or(1);
    }
    if (doc.contains("duration")) {
        const auto d = readDuration(doc["duration"], at(root, "duration"));
        if (d && *d == SimTime::zero()) {
            fail(at(root, "duration"), "\"duration\" must be greater than 0");
        }
        m_durationKnown = d && *d > SimTime::zero();
        m_scenario.duration = d.value_or(m_scenario.duration);
    }
    if (doc.contains("broker")) {
        readBroker(doc["broker"], at(root, "broker"));
    }
    // Services first collect their names, so that links and expectations can refer to them.
    m_services.complete = !doc.contains("services") || doc["services"].is_array();
    forEach(doc, root, "services", [&](const Json& v, const std::string& p) { readService(v, p); });
    if (doc.contains("network")) {
        readNetwork(doc["network"], at(root, "network"));
    }
    forEach(doc, root, "timeline",
            [&](const Json& v, const std::string& p) { readTimelineEntry(v, p); });
    forEach(doc, root, "expect",
            [&](const Json& v, const std::string& p) { readExpectation(v, p); });
}

// --- Names and references ----------------------------------------------------------------

void Loader::declare(NameTable& table, const std::string& name, const std::string& path,
                     std::string_view what) {
    const auto [it, fresh] = table.paths.emplace(name, path);
    if (!fresh) {
        fail(path, "duplicate " + std::string(what) + " name " + quote(name),
             "first declared at " + lineOf(it->second));
        return;
    }
    table.names.push_back(name);
}

bool Loader::checkName(const NameTable& table, const std::string& name, const std::string& path,
                       std::string_view what, std::string_view declaredIn) {
    // A broken section already has its own errors; guessing what it meant would only add noise.
    if (!table.complete || table.has(name)) {
        return true;
    }
    std::string hint = didYouMean(name, table.names);
    if (hint.empty()) {
        hint =
            table.names.empty()
                ? "no " + std::string(what) + " is declared; add it to " + std::string(declaredIn)
                : "declared " + std::string(what) + "s: " + listOf(table.names, 8);
    }
    fail(path, "unknown " + std::string(what) + " " + quote(name), hint);
    return false;
}

// A publish goes to a declared exchange, or to the default exchange "" which delivers straight
// to the queue its routing key names.
void Loader::checkRoute(const Json& obj, const std::string& path, const std::string& exchange,
                        const std::string& routingKey) {
    if (!exchange.empty()) {
        checkName(m_exchanges, exchange, at(path, "exchange"), "exchange", "broker.exchanges");
        return;
    }
    if (!m_queues.complete || m_queues.has(routingKey)) {
        return;
    }
    if (!obj.contains("routing_key")) {
        fail(path, "the default exchange (\"\") needs a \"routing_key\" naming a queue");
        return;
    }
    std::string hint = didYouMean(routingKey, m_queues.names);
    fail(at(path, "routing_key"),
         "the default exchange (\"\") delivers to the queue named by \"routing_key\", and there "
         "is no queue " +
             quote(routingKey),
         hint.empty() ? "declare the queue in broker.queues, or publish to a named exchange"
                      : hint);
}

} // namespace evsim::loader
