#pragma once

#include <cstddef>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace evsim {

// Optimal string alignment distance (Levenshtein plus swaps of two adjacent characters), over
// bytes, ignoring ASCII case. Stops early and returns limit + 1 once the distance must exceed
// `limit`.
std::size_t editDistance(std::string_view a, std::string_view b,
                         std::size_t limit = static_cast<std::size_t>(-1));

// The candidate most likely meant by a misspelt `word`, or nullopt when none is close enough
// to be worth suggesting. Close enough: distance <= max(2, longer length / 3) and smaller than
// the shorter length (so "ab" never suggests "cd"). Ties go to the earlier candidate, so the
// answer is deterministic. Words longer than 128 bytes get no suggestion.
std::optional<std::string> nearestName(std::string_view word,
                                       std::span<const std::string_view> candidates);
std::optional<std::string> nearestName(std::string_view word,
                                       const std::vector<std::string>& candidates);

// "did you mean \"prefetch\"?" for the nearest candidate, or "" when there is none.
std::string didYouMean(std::string_view word, std::span<const std::string_view> candidates);
std::string didYouMean(std::string_view word, const std::vector<std::string>& candidates);

} // namespace evsim
