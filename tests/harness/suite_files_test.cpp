#include "harness/suite/suite_files.h"

#include <filesystem>
#include <fstream>
#include <gtest/gtest.h>
#include <unistd.h>

namespace fs = std::filesystem;

namespace evsim {
namespace {

class SuiteFilesTest : public ::testing::Test {
protected:
    void SetUp() override {
        m_root = fs::temp_directory_path() / ("evsim_suite_files_" + std::to_string(getpid()));
        fs::remove_all(m_root);
        for (const char* name : {"b.json", "a.evrec", "a.layout.json", "notes.txt", "sub/z.json",
                                 "sub/c.json", ".hidden/x.json"}) {
            fs::create_directories((m_root / name).parent_path());
            std::ofstream(m_root / name) << "{}";
        }
    }
    void TearDown() override { fs::remove_all(m_root); }
    std::string path(const std::string& name) const { return (m_root / name).generic_string(); }
    fs::path m_root;
};

TEST_F(SuiteFilesTest, FindsScenariosAndRecordingsSortedSkippingLayoutsAndHiddenFolders) {
    const SuiteFiles files = collectSuiteFiles({m_root.string()});
    EXPECT_TRUE(files.errors.empty());
    ASSERT_EQ(files.items.size(), 4u);
    EXPECT_EQ(files.items[0].path, path("a.evrec"));
    EXPECT_EQ(files.items[0].kind, SuiteItemKind::Recording);
    EXPECT_EQ(files.items[1].path, path("b.json"));
    EXPECT_EQ(files.items[1].kind, SuiteItemKind::Scenario);
    EXPECT_EQ(files.items[2].path, path("sub/c.json"));
    EXPECT_EQ(files.items[3].path, path("sub/z.json"));
}

TEST_F(SuiteFilesTest, APathGivenTwiceOrThroughItsFolderCountsOnce) {
    const SuiteFiles files = collectSuiteFiles({path("sub/z.json"), path("sub"), path("sub/")});
    EXPECT_TRUE(files.errors.empty());
    ASSERT_EQ(files.items.size(), 2u);
    EXPECT_EQ(files.items[0].path, path("sub/c.json"));
    EXPECT_EQ(files.items[1].path, path("sub/z.json"));
}

TEST_F(SuiteFilesTest, MissingPathsOtherFilesAndEmptyFoldersAreErrors) {
    fs::create_directories(m_root / "empty");
    const SuiteFiles files =
        collectSuiteFiles({path("nope"), path("notes.txt"), path("empty"), path("b.json")});
    ASSERT_EQ(files.errors.size(), 3u);
    EXPECT_NE(files.errors[0].find("no such file"), std::string::npos);
    EXPECT_NE(files.errors[1].find("neither a scenario"), std::string::npos);
    EXPECT_NE(files.errors[2].find("no scenarios"), std::string::npos);
    EXPECT_EQ(files.items.size(), 1u);
}

} // namespace
} // namespace evsim
