#pragma once

#include <string>

namespace evsim {

struct ExportSource;
struct TestModel;

// `model` as a Catch2 2.13 source file: one TEST_CASE per pinned aspect, named
// "<scenario>: <aspect in words>" and tagged [exported], each CHECK_THAT with the query
// library's matchers (harness/testing/catch2_matchers.h), so that every changed figure is reported,
// not only the first. `withMain` defines CATCH_CONFIG_MAIN: the file is then a test program on its
// own; without it, several exported files link into one program that has a main elsewhere.
std::string catch2Source(const TestModel& model, const ExportSource& source, bool withMain);

} // namespace evsim
