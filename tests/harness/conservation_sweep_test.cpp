// The long version of the conservation property (CTest label "long", not in the default
// suite): 5,000 seeds. Run with `ctest --preset long` after `cmake --workflow --preset release`.
#include "tests/harness/conservation_check.h"

#include <gtest/gtest.h>

namespace evsim {
namespace {

TEST(ConservationSweep, INV01_HoldsOver5000Seeds) {
    RandomStream params(2027, 1);
    for (std::uint64_t seed = 1; seed <= 5000; ++seed) {
        testkit::expectConservedForRandomVariant(params, seed);
        if (::testing::Test::HasFailure()) {
            FAIL() << "first failing seed: " << seed;
        }
    }
}

} // namespace
} // namespace evsim
