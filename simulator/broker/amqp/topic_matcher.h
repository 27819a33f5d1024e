#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace evsim {

// The binding patterns of one topic exchange (AMQP02) as a trie of words, as RabbitMQ keeps
// them: a key and a pattern are split on '.' into words ("" is no word at all, "a..b" has an
// empty middle word); in a pattern `*` stands for exactly one word and `#` for zero or more.
// Matching visits each (node, word position) once at most, so a key is answered in time
// bounded by the trie's size times the key's length, however many `#` the patterns hold -
// never by trying each binding's pattern, or each way of sharing words among `#`s, in turn.
class TopicMatcher {
public:
    // Adds binding number `binding` (numbers are the caller's; matches come back sorted).
    void add(std::string_view pattern, std::uint32_t binding);
    // Sets `bindings` to the numbers of the bindings whose pattern matches `key`, ascending,
    // each once.
    void match(std::string_view key, std::vector<std::uint32_t>& bindings) const;

    // RabbitMQ's split: "" has no words, "a." is "a" and "".
    static std::vector<std::string_view> words(std::string_view key);

private:
    static constexpr std::uint32_t kNone = UINT32_MAX;
    struct Node {
        std::map<std::string, std::uint32_t, std::less<>> children; // by literal word
        std::uint32_t star = kNone;                                 // the `*` child
        std::uint32_t hash = kNone;                                 // the `#` child
        std::vector<std::uint32_t> bindings;                        // patterns ending here
        bool isHash = false; // reached by a `#`: it may take more words and stay here
    };
    std::uint32_t child(std::uint32_t node, std::string_view word);

    std::vector<Node> m_nodes{Node{}}; // [0]: the root
};

} // namespace evsim
