#pragma once

#include <string>

namespace evsim {

struct ExportSource;
struct TestModel;

// `model` as a GoogleTest source file: one TEST per pinned aspect, named
// TEST(<Scenario>, <Aspect>), each EXPECT_THAT with the query library's matchers
// (harness/testing/gtest_matchers.h), so that a failure names the figure that changed and its
// value. The file needs EventSim::harness, GTest::gmock and GTest::gtest_main.
std::string gtestSource(const TestModel& model, const ExportSource& source);

} // namespace evsim
