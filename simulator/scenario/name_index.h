#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace evsim {

// Did-you-mean hints over a large table of names (the exchanges, queues or services of a
// scenario: possibly tens of thousands). nearest(word) gives exactly what nearestName(word,
// names()) gives (same distance, same closeEnough() rule, ties to the earlier name, nothing for
// words or names over kMaxSuggestedLength bytes), but instead of scanning every name it walks a
// trie of the ASCII-lowercased names, computing the edit distance row by row along its paths
// and leaving out every subtree that can no longer hold a name close enough or closer than the
// best found so far. Its cost grows with the part of the trie near the word, not with the
// number of names.
//
// Memory: the names, plus a node of 20 bytes per distinct lowercased prefix.
class NameIndex {
public:
    NameIndex();

    // Adds `name` after the ones added before. Adding a name twice is allowed; the first one
    // wins ties, as in nearestName().
    void add(std::string_view name);

    // The added name most likely meant by a misspelt `word`, or nullopt.
    std::optional<std::string> nearest(std::string_view word) const;

    // Every added name, in the order added.
    const std::vector<std::string>& names() const { return m_names; }

private:
    static constexpr std::uint32_t kNone = 0xFFFFFFFF;
    struct Node {
        std::uint32_t firstChild = kNone;
        std::uint32_t nextSibling = kNone;
        std::uint32_t name = kNone;     // the earliest name that ends here
        std::uint32_t earliest = kNone; // the earliest name in this subtree
        std::uint8_t longest = 0;       // bytes of the longest name in this subtree
        char byte = 0;                  // lowercased
    };
    friend class NameSearch;

    std::vector<Node> m_nodes; // m_nodes[0] is the root: the empty prefix
    std::vector<std::string> m_names;
};

} // namespace evsim
