#include "simulator/scenario/name_index.h"

#include "simulator/scenario/did_you_mean.h"

#include <algorithm>

namespace evsim {

// One nearest() query: a depth-first walk of the trie carrying the rows of the optimal string
// alignment table, one row per trie depth (the name's prefix) and one column per byte of the
// word, as editDistance() computes them. The distance is symmetric, so putting the name on the
// rows gives the same numbers.
class NameSearch {
public:
    NameSearch(const NameIndex& index, std::string_view word)
        : m_nodes(index.m_nodes), m_width(word.size() + 1) {
        m_word.reserve(word.size());
        for (const char c : word) {
            m_word += asciiLower(c);
        }
        // Rows for depths 0..kMaxSuggestedLength; longer names are not in the trie.
        m_rows.resize((kMaxSuggestedLength + 1) * m_width);
        for (std::size_t j = 0; j < m_width; ++j) {
            m_rows[j] = j;
        }
    }

    std::uint32_t run() {
        visitChildren(0, 0, 0);
        return m_best;
    }

private:
    // Row `depth` for the prefix that ends in byte `c`, after `previous`; returns its minimum.
    std::size_t fillRow(std::size_t depth, char c, char previous) {
        const std::size_t* above = &m_rows[(depth - 1) * m_width];
        const std::size_t* twoAbove = depth >= 2 ? &m_rows[(depth - 2) * m_width] : nullptr;
        std::size_t* row = &m_rows[depth * m_width];
        row[0] = depth;
        std::size_t rowMin = row[0];
        for (std::size_t j = 1; j < m_width; ++j) {
            const char w = m_word[j - 1];
            std::size_t d =
                std::min({above[j] + 1, row[j - 1] + 1, above[j - 1] + (c == w ? 0 : 1)});
            if (twoAbove && j >= 2 && c == m_word[j - 2] && previous == w) {
                d = std::min(d, twoAbove[j - 2] + 1);
            }
            row[j] = d;
            rowMin = std::min(rowMin, d);
        }
        return rowMin;
    }

    // Whether the subtree of `child` may still hold a better answer, given that every name in it
    // is at least `rowMin` away (a row's minimum never decreases along a path: see
    // editDistance()).
    bool worthVisiting(const NameIndex::Node& child, std::size_t rowMin) const {
        const std::size_t word = m_word.size();
        // The loosest closeEnough() bound of any name below: the threshold grows with length.
        const std::size_t bound = std::min(suggestionThreshold(word, child.longest), word - 1);
        if (rowMin > bound || rowMin > m_bestDistance) {
            return false;
        }
        // At the best distance, only an earlier name can still win the tie.
        return rowMin < m_bestDistance || child.earliest < m_best;
    }

    void visitChildren(std::uint32_t node, std::size_t depth, std::size_t rowMin) {
        // The child that continues the word first: it usually holds the answer, and finding
        // it early shrinks the limit for all the others.
        const char next = depth < m_word.size() ? m_word[depth] : '\0';
        std::uint32_t match = NameIndex::kNone;
        for (std::uint32_t c = m_nodes[node].firstChild; c != NameIndex::kNone;
             c = m_nodes[c].nextSibling) {
            if (m_nodes[c].byte == next) {
                match = c;
                break;
            }
        }
        if (match != NameIndex::kNone && worthVisiting(m_nodes[match], rowMin)) {
            visit(match, depth + 1, m_nodes[node].byte);
        }
        for (std::uint32_t c = m_nodes[node].firstChild; c != NameIndex::kNone;
             c = m_nodes[c].nextSibling) {
            if (c != match && worthVisiting(m_nodes[c], rowMin)) {
                visit(c, depth + 1, m_nodes[node].byte);
            }
        }
    }

    void visit(std::uint32_t node, std::size_t depth, char previous) {
        const NameIndex::Node& n = m_nodes[node];
        const std::size_t rowMin = fillRow(depth, n.byte, previous);
        if (n.name != NameIndex::kNone) {
            const std::size_t d = m_rows[depth * m_width + m_word.size()];
            const bool better = d < m_bestDistance || (d == m_bestDistance && n.name < m_best);
            if (better && closeEnough(m_word.size(), depth, d)) {
                m_best = n.name;
                m_bestDistance = d;
            }
        }
        visitChildren(node, depth, rowMin);
    }

    const std::vector<NameIndex::Node>& m_nodes;
    std::string m_word;
    std::size_t m_width;
    std::vector<std::size_t> m_rows;
    std::uint32_t m_best = NameIndex::kNone;
    std::size_t m_bestDistance = static_cast<std::size_t>(-1);
};

NameIndex::NameIndex() : m_nodes(1) {}

void NameIndex::add(std::string_view name) {
    const auto index = static_cast<std::uint32_t>(m_names.size());
    m_names.emplace_back(name);
    if (name.size() > kMaxSuggestedLength) {
        return; // never suggested, so not worth a path
    }
    const auto length = static_cast<std::uint8_t>(name.size());
    std::uint32_t node = 0;
    for (std::size_t depth = 0;; ++depth) {
        Node& here = m_nodes[node];
        here.longest = std::max(here.longest, length);
        here.earliest = std::min(here.earliest, index);
        if (depth == name.size()) {
            here.name = std::min(here.name, index);
            return;
        }
        const char byte = asciiLower(name[depth]);
        std::uint32_t child = here.firstChild;
        while (child != kNone && m_nodes[child].byte != byte) {
            child = m_nodes[child].nextSibling;
        }
        if (child == kNone) {
            child = static_cast<std::uint32_t>(m_nodes.size());
            Node fresh;
            fresh.byte = byte;
            fresh.nextSibling = m_nodes[node].firstChild;
            m_nodes[node].firstChild = child;
            m_nodes.push_back(fresh); // may move m_nodes: `here` is not used after this
        }
        node = child;
    }
}

std::optional<std::string> NameIndex::nearest(std::string_view word) const {
    // An empty word has no suggestion: closeEnough() needs a distance below its length.
    if (word.empty() || word.size() > kMaxSuggestedLength) {
        return std::nullopt;
    }
    const std::uint32_t best = NameSearch(*this, word).run();
    return best == kNone ? std::nullopt : std::optional<std::string>(m_names[best]);
}

} // namespace evsim
