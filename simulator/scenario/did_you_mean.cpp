#include "simulator/scenario/did_you_mean.h"

#include <algorithm>

namespace evsim {
namespace {

// Candidates arrive as string_view or std::string; the search is the same.
template <typename Range>
std::optional<std::string> nearestIn(std::string_view word, const Range& candidates) {
    if (word.size() > kMaxSuggestedLength) {
        return std::nullopt;
    }
    std::optional<std::string> best;
    std::size_t bestDistance = static_cast<std::size_t>(-1);
    for (const auto& c : candidates) {
        const std::string_view candidate(c);
        const std::size_t limit = suggestionThreshold(word.size(), candidate.size());
        const std::size_t gap = word.size() > candidate.size() ? word.size() - candidate.size()
                                                               : candidate.size() - word.size();
        if (gap > limit || candidate.size() > kMaxSuggestedLength) {
            continue; // cannot be close enough; skip the quadratic part
        }
        const std::size_t d = editDistance(word, candidate, limit);
        if (d < bestDistance && closeEnough(word.size(), candidate.size(), d)) {
            best = std::string(candidate);
            bestDistance = d;
        }
    }
    return best;
}

} // namespace

std::size_t suggestionThreshold(std::size_t wordLength, std::size_t nameLength) {
    return std::max<std::size_t>(2, std::max(wordLength, nameLength) / 3);
}

bool closeEnough(std::size_t wordLength, std::size_t nameLength, std::size_t distance) {
    return distance <= suggestionThreshold(wordLength, nameLength) &&
           distance < std::min(wordLength, nameLength);
}

std::string didYouMeanText(const std::optional<std::string>& name) {
    return name ? "did you mean \"" + *name + "\"?" : std::string();
}

std::size_t editDistance(std::string_view a, std::string_view b, std::size_t limit) {
    const std::size_t n = a.size();
    const std::size_t m = b.size();
    // Three rows: the transposition needs the row before the previous one.
    std::vector<std::size_t> before(m + 1), previous(m + 1), current(m + 1);
    for (std::size_t j = 0; j <= m; ++j) {
        previous[j] = j;
    }
    for (std::size_t i = 1; i <= n; ++i) {
        current[0] = i;
        std::size_t rowMin = current[0];
        for (std::size_t j = 1; j <= m; ++j) {
            const bool same = asciiLower(a[i - 1]) == asciiLower(b[j - 1]);
            std::size_t d =
                std::min({previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (same ? 0 : 1)});
            if (i > 1 && j > 1 && asciiLower(a[i - 1]) == asciiLower(b[j - 2]) &&
                asciiLower(a[i - 2]) == asciiLower(b[j - 1])) {
                d = std::min(d, before[j - 2] + 1);
            }
            current[j] = d;
            rowMin = std::min(rowMin, d);
        }
        if (rowMin > limit) {
            // Rows never get smaller: each cell is at least a cell of the row above, and a swap
            // costs as much as the substitution path it shortcuts.
            return limit + 1;
        }
        std::swap(before, previous);
        std::swap(previous, current);
    }
    return previous[m] > limit ? limit + 1 : previous[m];
}

std::optional<std::string> nearestName(std::string_view word,
                                       std::span<const std::string_view> candidates) {
    return nearestIn(word, candidates);
}

std::optional<std::string> nearestName(std::string_view word,
                                       const std::vector<std::string>& candidates) {
    return nearestIn(word, candidates);
}

std::string didYouMean(std::string_view word, std::span<const std::string_view> candidates) {
    return didYouMeanText(nearestName(word, candidates));
}

std::string didYouMean(std::string_view word, const std::vector<std::string>& candidates) {
    return didYouMeanText(nearestName(word, candidates));
}

} // namespace evsim
