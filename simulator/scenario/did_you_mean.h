#pragma once

#include <cstddef>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace evsim {

// Words and names longer than this many bytes get no suggestion.
constexpr std::size_t kMaxSuggestedLength = 128;

// Names are compared ignoring ASCII case only: a locale must not change a suggestion.
inline char asciiLower(char c) {
    return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
}

// The most edits a suggestion may be away from a word: max(2, longer length / 3).
std::size_t suggestionThreshold(std::size_t wordLength, std::size_t nameLength);

// Whether a name at edit distance `distance` from a word is close enough to suggest: within
// suggestionThreshold() and smaller than the shorter length (so "ab" never suggests "cd").
bool closeEnough(std::size_t wordLength, std::size_t nameLength, std::size_t distance);

// Optimal string alignment distance (Levenshtein plus swaps of two adjacent characters), over
// bytes, ignoring ASCII case. Stops early and returns limit + 1 once the distance must exceed
// `limit`.
std::size_t editDistance(std::string_view a, std::string_view b,
                         std::size_t limit = static_cast<std::size_t>(-1));

// The candidate most likely meant by a misspelt `word`, or nullopt when none is close enough
// to be worth suggesting (closeEnough()). Ties go to the earlier candidate, so the answer is
// deterministic. Words and candidates longer than kMaxSuggestedLength are left out. Scans every
// candidate: meant for short fixed lists such as the keys of an object; NameIndex answers the
// same for large tables of names.
std::optional<std::string> nearestName(std::string_view word,
                                       std::span<const std::string_view> candidates);
std::optional<std::string> nearestName(std::string_view word,
                                       const std::vector<std::string>& candidates);

// "did you mean \"prefetch\"?", or "" for nullopt.
std::string didYouMeanText(const std::optional<std::string>& name);

// "did you mean \"prefetch\"?" for the nearest candidate, or "" when there is none.
std::string didYouMean(std::string_view word, std::span<const std::string_view> candidates);
std::string didYouMean(std::string_view word, const std::vector<std::string>& candidates);

} // namespace evsim
