// The core must stay free of Qt and Boost, and nlohmann_json stays inside the scenario loader:
// a front-end or a library choice must never leak into the deterministic simulation.
#include <filesystem>
#include <fstream>
#include <gtest/gtest.h>
#include <string>

namespace {

namespace fs = std::filesystem;

TEST(Layering, SimulatorIncludesNeitherQtNorBoost) {
    const fs::path dir = fs::path(EVSIM_SOURCE_DIR) / "simulator";
    int files = 0;
    for (const auto& entry : fs::directory_iterator(dir)) {
        const std::string name = entry.path().filename().string();
        if (!name.ends_with(".h") && !name.ends_with(".cpp")) {
            continue;
        }
        ++files;
        std::ifstream in(entry.path());
        std::string line;
        int number = 0;
        while (std::getline(in, line)) {
            ++number;
            if (!line.starts_with("#include")) {
                continue;
            }
            EXPECT_EQ(line.find("<Q"), std::string::npos) << name << ":" << number;
            EXPECT_EQ(line.find("<boost/"), std::string::npos) << name << ":" << number;
            const bool loaderFile =
                name.starts_with("scenario_loader") || name.starts_with("json_source_map");
            if (!loaderFile) {
                EXPECT_EQ(line.find("nlohmann"), std::string::npos) << name << ":" << number;
            }
        }
    }
    EXPECT_GT(files, 20);
}

} // namespace
