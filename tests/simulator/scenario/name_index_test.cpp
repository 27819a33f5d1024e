#include "simulator/scenario/did_you_mean.h"
#include "simulator/scenario/name_index.h"

#include <cstdint>
#include <gtest/gtest.h>
#include <string>
#include <vector>

namespace evsim {
namespace {

NameIndex indexOf(const std::vector<std::string>& names) {
    NameIndex index;
    for (const std::string& name : names) {
        index.add(name);
    }
    return index;
}

TEST(NameIndex, SuggestsTheNearestCloseName) {
    const NameIndex index = indexOf({"billing", "shipping", "audit"});
    EXPECT_EQ(index.nearest("biling"), "billing");
    EXPECT_EQ(index.nearest("shpiping"), "shipping");
    EXPECT_EQ(index.nearest("warehouse"), std::nullopt);
}

TEST(NameIndex, IgnoresAsciiCaseButReturnsTheNameAsDeclared) {
    const NameIndex index = indexOf({"Orders.EU", "orders.eu"});
    EXPECT_EQ(index.nearest("ORDERS.EV"), "Orders.EU"); // both at 1; the first declared wins
}

TEST(NameIndex, TiesGoToTheEarlierName) {
    EXPECT_EQ(indexOf({"cart", "card"}).nearest("carx"), "cart");
    EXPECT_EQ(indexOf({"card", "cart"}).nearest("carx"), "card");
}

TEST(NameIndex, HasNoSuggestionForHugeOrEmptyWordsOrHugeNames) {
    const std::string huge(129, 'a');
    const NameIndex index = indexOf({huge, "ab"});
    EXPECT_EQ(index.nearest(huge), std::nullopt);
    EXPECT_EQ(index.nearest(std::string(128, 'a') + "b"), std::nullopt);
    EXPECT_EQ(index.nearest(""), std::nullopt);
    EXPECT_EQ(NameIndex().nearest("queue"), std::nullopt);
    EXPECT_EQ(index.names().size(), 2u); // kept in the list, only never suggested
}

// A small, fixed generator: the test must see the same words on every machine.
class Words {
public:
    explicit Words(std::uint64_t seed) : m_state(seed) {}

    std::uint64_t next() {
        std::uint64_t z = (m_state += 0x9E3779B97F4A7C15ULL);
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
        return z ^ (z >> 31);
    }
    std::size_t below(std::size_t n) { return n == 0 ? 0 : next() % n; }

    // Few distinct bytes, so that many names are near each other; both cases, a separator, a
    // UTF-8 letter and a byte that is not UTF-8.
    char byte() {
        static constexpr char kBytes[] = "abcdeABE.-\xC3\xA9\xFF";
        return kBytes[below(sizeof kBytes - 1)];
    }
    std::string word(std::size_t maxLength) {
        std::string out(below(maxLength + 1), ' ');
        for (char& c : out) {
            c = byte();
        }
        return out;
    }
    // `name` with a few slips: changed, dropped, added or swapped bytes, or another case.
    std::string misspelt(std::string name) {
        for (std::size_t slips = 1 + below(3); slips > 0; --slips) {
            const std::size_t at = below(name.size() + 1);
            switch (below(5)) {
            case 0:
                if (at < name.size()) {
                    name[at] = byte();
                }
                break;
            case 1:
                if (at < name.size()) {
                    name.erase(at, 1);
                }
                break;
            case 2:
                name.insert(at, 1, byte());
                break;
            case 3:
                if (at + 1 < name.size()) {
                    std::swap(name[at], name[at + 1]);
                }
                break;
            default:
                if (at < name.size() && name[at] >= 'a' && name[at] <= 'z') {
                    name[at] = static_cast<char>(name[at] - 'a' + 'A');
                }
                break;
            }
        }
        return name;
    }

private:
    std::uint64_t m_state;
};

TEST(NameIndex, GivesExactlyWhatTheFullScanGivesForRandomWordsAndNames) {
    Words random(20240601);
    std::size_t compared = 0;
    std::size_t suggested = 0;
    for (int set = 0; set < 60; ++set) {
        std::vector<std::string> names;
        const std::size_t count = random.below(set % 10 == 0 ? 2000 : 200);
        const std::size_t maxLength = 3 + random.below(set % 3 == 0 ? 40 : 14);
        for (std::size_t i = 0; i < count; ++i) {
            // Now and then a name at or over the length limit, or a repeated one.
            const std::size_t roll = random.below(100);
            names.push_back(roll == 0                     ? std::string(127 + random.below(4), 'a')
                            : roll == 1 && !names.empty() ? names[random.below(names.size())]
                                                          : random.word(maxLength));
        }
        const NameIndex index = indexOf(names);
        for (int w = 0; w < 60; ++w) {
            const std::string word = !names.empty() && w % 3 != 0
                                         ? random.misspelt(names[random.below(names.size())])
                                         : random.word(maxLength + 2);
            const auto expected = nearestName(word, names);
            ASSERT_EQ(index.nearest(word), expected) << "word \"" << word << "\", set " << set;
            ++compared;
            suggested += expected ? 1 : 0;
        }
    }
    EXPECT_EQ(compared, 3600u);
    EXPECT_GT(suggested, compared / 3); // the words are near misses, not only noise
}

TEST(NameIndex, GivesExactlyWhatTheFullScanGivesForRealisticQueueNames) {
    static constexpr const char* kDomains[] = {"orders", "billing", "payments", "shipping"};
    static constexpr const char* kRegions[] = {"eu-west", "eu-central", "us-east"};
    std::vector<std::string> names;
    for (int i = 0; i < 1000; ++i) {
        char number[8];
        std::snprintf(number, sizeof number, "q%05d", i);
        names.push_back(std::string(kDomains[i % 4]) + "." + kRegions[(i / 4) % 3] + "." + number);
    }
    const NameIndex index = indexOf(names);
    Words random(7);
    for (int w = 0; w < 100; ++w) {
        const std::string word = random.misspelt(names[random.below(names.size())]);
        ASSERT_EQ(index.nearest(word), nearestName(word, names)) << word;
    }
}

} // namespace
} // namespace evsim
