#pragma once

#include <string>

namespace evsim {

struct PinnedCheck;
struct PinnedTest;

// How the writers spell one check (harness/testing/gtest_matchers.h and
// harness/testing/catch2_matchers.h offer the same matchers under the same names, so only the
// assertion macro differs).

// The matcher expression: `evsim::QueueCount("billing.orders", "acked", 2000)`,
// `evsim::HasDigest(0xd4b40c7d7190614d)`. Not for PinnedCheck::Kind::DeadLetterCount.
std::string matcherText(const PinnedCheck& check);

// The first statement of a test's body, which names what its checks read: `run` (a Run) or
// `dead` (the dead letters of one queue), indented by 4.
std::string subjectLine(const PinnedTest& test);
// "run" or "dead".
std::string subjectName(const PinnedCheck& check);

} // namespace evsim
