// The core's boundaries, checked on its sources: no front-end or library choice may leak into
// the deterministic simulation, and its layers depend on each other one way only.
#include "tests/include_graph.h"

#include <gtest/gtest.h>
#include <map>
#include <set>
#include <string>
#include <vector>

namespace evsim {
namespace {

namespace fs = std::filesystem;

// Each layer of simulator/ and the layers it may include, itself included. The order is the
// one in simulator/CMakeLists.txt: a layer never reaches up.
const std::map<std::string, std::set<std::string>>& allowedLayers() {
    static const std::map<std::string, std::set<std::string>> layers{
        {"kernel", {"kernel"}},
        {"scenario", {"kernel", "scenario"}},
        {"observe", {"kernel", "scenario", "observe"}},
        {"network", {"kernel", "scenario", "observe", "network"}},
        {"broker", {"kernel", "scenario", "observe", "broker"}},
        {"engine", {"kernel", "scenario", "observe", "network", "broker", "engine"}},
    };
    return layers;
}

// Headers the core must not use, and why.
const std::vector<std::pair<std::string, std::string>>& forbiddenHeaders() {
    static const std::vector<std::pair<std::string, std::string>> headers{
        {"<Q", "Qt belongs to gui/"},
        {"<boost/", "Boost belongs to the harness (sweeps)"},
        {"<CLI/", "command-line parsing belongs to the harness"},
        {"<fmt/", "formatting for people belongs to the harness"},
        {"<chrono>", "no wall clock in the core"},
        {"<ctime>", "no wall clock in the core"},
        {"<thread>", "the core is single-threaded"},
        {"<mutex>", "the core is single-threaded"},
        {"<future>", "the core is single-threaded"},
        {"<random>", "std:: distributions differ between standard libraries"},
    };
    return headers;
}

using layering::firstFolder;
using layering::Include;
using layering::includesOf;

// The layer a core include names: "kernel" for "simulator/kernel/sim_time.h"; "" for a header
// outside the core.
std::string coreLayerOf(const std::string& target) {
    return target.starts_with("simulator/") ? firstFolder(target.substr(10)) : "";
}

TEST(Layering, SimulatorIncludesNoFrontEndClockThreadsOrForeignLibraries) {
    std::size_t files = 0;
    for (const Include& inc : includesOf(fs::path(EVSIM_SOURCE_DIR) / "simulator", files)) {
        for (const auto& [header, why] : forbiddenHeaders()) {
            EXPECT_EQ(inc.text.find(header), std::string::npos)
                << inc.file << ":" << inc.line << ": " << inc.text << " (" << why << ")";
        }
        const bool loaderFile = inc.file.starts_with("scenario/loader/");
        if (!loaderFile) {
            EXPECT_EQ(inc.text.find("nlohmann"), std::string::npos)
                << inc.file << ":" << inc.line
                << ": nlohmann_json stays inside the loader (scenario/loader/)";
        }
        // The loader's internals have one way in: the public entry scenario/scenario_loader.h.
        if (!loaderFile && inc.file != "scenario/scenario_loader.cpp") {
            EXPECT_EQ(inc.text.find("\"simulator/scenario/loader/"), std::string::npos)
                << inc.file << ":" << inc.line
                << ": only scenario_loader.cpp includes the loader's internals";
        }
    }
    EXPECT_GT(files, 40u);
}

// A broker kind lives in a folder of its own under broker/ (broker/amqp/): only that folder and
// the factory (broker/broker_factory.cpp) may include its headers, so that the engine, the
// other layers and the other kinds see brokers only through BrokerModel.
TEST(Layering, OnlyTheFactoryAndTheKindItselfIncludeABrokerKind) {
    std::size_t files = 0;
    int kindIncludes = 0;
    for (const Include& inc : includesOf(fs::path(EVSIM_SOURCE_DIR) / "simulator", files)) {
        const std::string full = inc.target();
        if (!full.starts_with("simulator/broker/")) {
            continue;
        }
        const std::string target = full.substr(std::string("simulator/").size());
        const std::size_t slash = target.find('/', std::string("broker/").size());
        if (slash == std::string::npos) {
            continue; // a kind-neutral header of the broker layer
        }
        const std::string kindFolder = target.substr(0, slash + 1); // "broker/amqp/"
        ++kindIncludes;
        EXPECT_TRUE(inc.file == "broker/broker_factory.cpp" || inc.file.starts_with(kindFolder))
            << inc.file << ":" << inc.line << ": " << inc.text
            << " (a broker kind is reached through BrokerModel and makeBroker() only)";
    }
    EXPECT_GT(kindIncludes, 5); // the test reads real includes, not an empty tree
}

TEST(Layering, EveryCoreFileLivesInALayer) {
    const fs::path root = fs::path(EVSIM_SOURCE_DIR) / "simulator";
    for (const auto& entry : fs::recursive_directory_iterator(root)) {
        const std::string rel = fs::relative(entry.path(), root).string();
        if (entry.is_regular_file() && rel != "CMakeLists.txt") {
            EXPECT_TRUE(allowedLayers().contains(firstFolder(rel)))
                << rel << " is not inside one of the layer folders";
        }
    }
}

TEST(Layering, LayersIncludeOnlyThemselvesAndTheLayersBelow) {
    std::size_t files = 0;
    int crossLayer = 0;
    for (const Include& inc : includesOf(fs::path(EVSIM_SOURCE_DIR) / "simulator", files)) {
        const std::string target = inc.target();
        if (target.empty()) {
            continue; // a system header, checked above
        }
        const std::string from = firstFolder(inc.file);
        const std::string to = coreLayerOf(target);
        ASSERT_FALSE(to.empty()) << inc.file << ":" << inc.line
                                 << ": the core includes only its own headers, by library and "
                                    "layer, e.g. \"simulator/kernel/sim_time.h\"";
        const auto allowed = allowedLayers().find(from);
        ASSERT_NE(allowed, allowedLayers().end()) << inc.file;
        EXPECT_TRUE(allowed->second.contains(to))
            << inc.file << ":" << inc.line << ": layer " << from << " may not include " << to;
        crossLayer += from != to ? 1 : 0;
    }
    EXPECT_GT(crossLayer, 10); // the test reads real includes, not an empty tree
}

} // namespace
} // namespace evsim
