#pragma once

#include "scenario/scenario_loader_values.h"

#include <functional>
#include <map>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

// The upper layer of the scenario loader: the document walked section by section, and the
// references between names. Internal to the scenario_loader* files. Loader's methods are spread
// over scenario_loader_document.cpp (the run, the top level, names), _parse.cpp (text to
// document), _topology.cpp, _services.cpp and _expectations.cpp (the sections).

namespace evsim::loader {

class DomBuilder; // scenario_loader_parse.cpp

struct NameTable {
    std::map<std::string, std::string, std::less<>> paths; // name -> where it was declared
    std::vector<std::string> names;                        // declaration order, for hints
    bool complete = true; // false when an entry's name could not be read
    bool has(std::string_view n) const { return paths.find(n) != paths.end(); }
};

// What producers, emits and timeline publishes share.
struct Publication {
    std::string event;
    int version = 1;
    std::string exchange;
    std::string routingKey;
};

// Walks the document into a Scenario. Reading order matters only for references: the broker
// before everything that names its exchanges and queues, services before links and
// expectations, the duration before the timeline.
class Loader : private ValueReader {
public:
    Loader(std::string_view text, const std::string& file)
        : ValueReader(text, file), m_text(text) {}
    LoadResult<Scenario> run();

private:
    bool parse(Json& doc);
    void syntaxError(const DomBuilder& sax);

    void declare(NameTable& table, const std::string& name, const std::string& path,
                 std::string_view what);
    bool checkName(const NameTable& table, const std::string& name, const std::string& path,
                   std::string_view what, std::string_view declaredIn);
    void checkRoute(const Json& obj, const std::string& path, const std::string& exchange,
                    const std::string& routingKey);

    void readTop(const Json& doc);
    void readBroker(const Json& v, const std::string& path);
    void readService(const Json& v, const std::string& path);
    Publication readPublication(const Json& v, const std::string& path);
    void readProducer(const Json& v, const std::string& path, ServiceSpec& service);
    void readConsumer(const Json& v, const std::string& path, ServiceSpec& service);
    void readNetwork(const Json& v, const std::string& path);
    void readLink(const Json& v, const std::string& path);
    void readTimelineEntry(const Json& v, const std::string& path);
    void readExpectation(const Json& v, const std::string& path);
    void readLatency(const Json& v, const std::string& path, const std::string& queue);

    std::string_view m_text;
    Scenario m_scenario;
    bool m_durationKnown = true;
    NameTable m_exchanges;
    NameTable m_queues;
    NameTable m_services;
    std::set<std::string, std::less<>> m_consumingServices;
    std::map<std::pair<std::string, std::string>, std::string> m_links;
};

} // namespace evsim::loader
