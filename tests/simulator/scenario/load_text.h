#pragma once

// Parsing a scenario text in a test, and the one error it is expected to give.
#include "simulator/scenario/scenario_loader.h"

#include <gtest/gtest.h>
#include <string_view>
#include <utility>

namespace evsim::testkit {

inline LoadResult<Scenario> load(std::string_view text) {
    return parseScenario(text, "test.json");
}

// A text that must load; fails the test (and gives an empty scenario) when it does not.
inline Scenario loadValid(std::string_view text) {
    auto r = load(text);
    EXPECT_TRUE(r.ok()) << formatErrors(r.errors);
    return r.ok() ? std::move(*r.value) : Scenario{};
}

// The one error a text gives; fails the test when there is not exactly one.
inline LoadError onlyError(std::string_view text) {
    const auto r = load(text);
    EXPECT_EQ(r.errors.size(), 1u) << formatErrors(r.errors);
    return r.errors.empty() ? LoadError{} : r.errors.front();
}

} // namespace evsim::testkit
