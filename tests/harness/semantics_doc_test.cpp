// docs/semantics.md lists every test named after a semantics row, and nothing else: a reader
// who meets `AMQP13_…` in a test finds the row in the repository, and a row the doc claims is
// always backed by a test that exists.
#include <filesystem>
#include <fstream>
#include <gtest/gtest.h>
#include <regex>
#include <set>
#include <sstream>
#include <string>

namespace {

namespace fs = std::filesystem;

std::string readAll(const fs::path& path) {
    std::ifstream in(path);
    std::stringstream text;
    text << in.rdbuf();
    return text.str();
}

// "Suite.ID_Name" for every test under tests/ whose name starts with a row ID (AMQP13_...).
std::set<std::string> rowTests() {
    std::set<std::string> names;
    const std::regex test(R"(TEST(?:_F)?\((\w+),\s*([A-Z]+[0-9]+_\w+)\))");
    for (const auto& entry :
         fs::recursive_directory_iterator(fs::path(EVSIM_SOURCE_DIR) / "tests")) {
        if (entry.path().extension() != ".cpp") {
            continue;
        }
        const std::string text = readAll(entry.path());
        for (std::sregex_iterator it(text.begin(), text.end(), test), end; it != end; ++it) {
            names.insert((*it)[1].str() + "." + (*it)[2].str());
        }
    }
    return names;
}

TEST(SemanticsDoc, ListsEveryTestNamedAfterARow) {
    const std::string doc = readAll(fs::path(EVSIM_SOURCE_DIR) / "docs" / "semantics.md");
    const std::set<std::string> tests = rowTests();
    EXPECT_GT(tests.size(), 10u);
    for (const std::string& name : tests) {
        EXPECT_NE(doc.find("`" + name + "`"), std::string::npos)
            << name << " is not listed in docs/semantics.md";
        const std::string row =
            name.substr(name.find('.') + 1, name.find('_') - name.find('.') - 1);
        EXPECT_NE(doc.find("| " + row + " |"), std::string::npos)
            << "docs/semantics.md has no row " << row;
    }
}

TEST(SemanticsDoc, EveryTestItListsExists) {
    const std::string doc = readAll(fs::path(EVSIM_SOURCE_DIR) / "docs" / "semantics.md");
    const std::set<std::string> tests = rowTests();
    const std::regex listed(R"(`(\w+\.[A-Z]+[0-9]+_\w+)`)");
    int count = 0;
    for (std::sregex_iterator it(doc.begin(), doc.end(), listed), end; it != end; ++it) {
        ++count;
        EXPECT_TRUE(tests.contains((*it)[1].str()))
            << (*it)[1].str() << " is listed in docs/semantics.md but no such test exists";
    }
    EXPECT_GT(count, 10);
}

} // namespace
