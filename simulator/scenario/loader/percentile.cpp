#include "simulator/scenario/loader/percentile.h"

#include <charconv>
#include <system_error>

namespace evsim::loader {

std::optional<double> percentileOf(std::string_view key) {
    if (key.size() < 2 || key[0] != 'p' ||
        key.find_first_not_of("0123456789.", 1) != std::string_view::npos) {
        return std::nullopt;
    }
    double p = 0;
    const auto r = std::from_chars(key.data() + 1, key.data() + key.size(), p);
    if (r.ec != std::errc{} || r.ptr != key.data() + key.size() || !(p > 0 && p <= 100)) {
        return std::nullopt;
    }
    return p;
}

} // namespace evsim::loader
