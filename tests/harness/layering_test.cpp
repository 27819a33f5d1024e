// The harness's boundaries, checked on its sources: three libraries stacked one way (harness,
// session, cli), and inside them folders that include only themselves and the folders below.
// The core has its own test (tests/simulator/layering_test.cpp).
#include "tests/include_graph.h"

#include <filesystem>
#include <gtest/gtest.h>
#include <string>
#include <vector>

namespace evsim {
namespace {

namespace fs = std::filesystem;
using layering::firstFolder;
using layering::Include;
using layering::includesOf;

struct Layer {
    std::string folder;  // under harness/
    std::string library; // the CMake library it is built into (harness/CMakeLists.txt)
};

// The layers bottom up, in the order of harness/CMakeLists.txt. A layer includes the core,
// itself and the layers before it; never one after it.
const std::vector<Layer>& layers() {
    static const std::vector<Layer> table{
        {"io", "evsim_harness"},          {"query", "evsim_harness"},
        {"contracts", "evsim_harness"},   {"trace", "evsim_harness"},
        {"run", "evsim_harness"},         {"recording", "evsim_harness"},
        {"testing", "evsim_harness"},     {"export", "evsim_harness"},
        {"definitions", "evsim_harness"}, {"asyncapi", "evsim_harness"},
        {"session", "evsim_session"},     {"suite", "evsim_cli"},
        {"benchmark", "evsim_cli"},       {"cli", "evsim_cli"},
    };
    return table;
}

// Where `folder` stands in layers(); layers().size() when it is not a layer.
std::size_t rankOf(const std::string& folder) {
    std::size_t rank = 0;
    while (rank < layers().size() && layers()[rank].folder != folder) {
        ++rank;
    }
    return rank;
}

// What is wrong with the includes of files under harness/ (paths relative to it): one line for
// each include that runs back up, leaves the harness and the core, or names no layer.
std::vector<std::string> violations(const std::vector<Include>& includes) {
    std::vector<std::string> out;
    for (const Include& inc : includes) {
        const std::string target = inc.target();
        if (target.empty() || target.starts_with("simulator/")) {
            continue; // a system header or the core, which includes nothing of ours
        }
        const std::string where = inc.file + ":" + std::to_string(inc.line) + ": ";
        if (!target.starts_with("harness/")) {
            out.push_back(where + "the harness includes only itself and the core: " + target);
            continue;
        }
        const std::string from = firstFolder(inc.file);
        const std::string to = firstFolder(target.substr(std::string("harness/").size()));
        const std::size_t fromRank = rankOf(from);
        const std::size_t toRank = rankOf(to);
        if (fromRank == layers().size() || toRank == layers().size()) {
            out.push_back(
                where + "not a layer of the harness: " + (fromRank == layers().size() ? from : to));
        } else if (toRank > fromRank) {
            out.push_back(where + "layer " + from + " (" + layers()[fromRank].library +
                          ") may not include " + to + " (" + layers()[toRank].library +
                          "), which stands above it");
        }
    }
    return out;
}

TEST(HarnessLayering, LayersIncludeOnlyThemselvesTheLayersBelowAndTheCore) {
    std::size_t files = 0;
    const auto includes = includesOf(fs::path(EVSIM_SOURCE_DIR) / "harness", files);
    for (const std::string& v : violations(includes)) {
        ADD_FAILURE() << v;
    }
    int crossLayer = 0;
    for (const Include& inc : includes) {
        const std::string target = inc.target();
        crossLayer +=
            target.starts_with("harness/") && firstFolder(target.substr(8)) != firstFolder(inc.file)
                ? 1
                : 0;
    }
    EXPECT_GT(files, 100u);
    EXPECT_GT(crossLayer, 40); // the test reads real includes, not an empty tree
}

TEST(HarnessLayering, AnIncludeThatRunsBackUpIsCaughtWithItsPlace) {
    // Planted: the run driver reaching up into the tests' view of a run, the core library into
    // the session library, and a session into the command line.
    const std::vector<Include> planted{
        {"run/runner.cpp", 7, "#include \"harness/testing/run.h\""},
        {"recording/recorder.cpp", 5, "#include \"harness/session/session.h\""},
        {"session/session.cpp", 9, "#include \"harness/cli/cli.h\""},
        {"query/loss_report.cpp", 3, "#include \"gui/app/main_window.h\""},
        {"cli/cli.cpp", 4, "#include \"harness/run/runner.h\""}, // downwards: allowed
    };
    const std::vector<std::string> found = violations(planted);
    ASSERT_EQ(found.size(), 4u);
    EXPECT_EQ(found[0], "run/runner.cpp:7: layer run (evsim_harness) may not include testing "
                        "(evsim_harness), which stands above it");
    EXPECT_EQ(found[1], "recording/recorder.cpp:5: layer recording (evsim_harness) may not "
                        "include session (evsim_session), which stands above it");
    EXPECT_EQ(found[2], "session/session.cpp:9: layer session (evsim_session) may not include "
                        "cli (evsim_cli), which stands above it");
    EXPECT_EQ(found[3], "query/loss_report.cpp:3: the harness includes only itself and the "
                        "core: gui/app/main_window.h");
}

TEST(HarnessLayering, EveryHarnessFolderIsALayer) {
    const fs::path root = fs::path(EVSIM_SOURCE_DIR) / "harness";
    for (const auto& entry : fs::directory_iterator(root)) {
        if (entry.is_directory()) {
            EXPECT_LT(rankOf(entry.path().filename().string()), layers().size())
                << "harness/" << entry.path().filename().string()
                << " is not in the layer table of this test";
        }
    }
}

// The app is a client of the harness and the session, never of the command line.
TEST(HarnessLayering, TheAppIncludesNoCommandLineLayer) {
    std::size_t files = 0;
    int harnessIncludes = 0;
    for (const Include& inc : includesOf(fs::path(EVSIM_SOURCE_DIR) / "gui", files)) {
        const std::string target = inc.target();
        if (!target.starts_with("harness/")) {
            continue;
        }
        ++harnessIncludes;
        const std::size_t rank = rankOf(firstFolder(target.substr(8)));
        ASSERT_LT(rank, layers().size()) << inc.file << ":" << inc.line;
        EXPECT_NE(layers()[rank].library, "evsim_cli")
            << "gui/" << inc.file << ":" << inc.line << ": " << inc.text;
    }
    EXPECT_GT(harnessIncludes, 10);
}

} // namespace
} // namespace evsim
