#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace evsim {

class Run;

// One assertion of an exported test, in terms of the query library's matchers
// (harness/testing/gtest_matchers.h, harness/testing/catch2_matchers.h): the writers turn it into
// text.
struct PinnedCheck {
    enum class Kind {
        Digest,             // HasDigest(digest)
        NoLoss,             // NoLoss()
        Accounted,          // Accounted()
        PassesExpectations, // PassesExpectations()
        FiredAlert,         // FiredAlert(name)
        QueueCount,         // QueueCount(name, metric, value)
        ConsumerCount,      // ConsumerCount(name, metric, value)
        DeadLetterCount,    // run.deadLettered(name) has `value` entries
        DeadLetter,         // run.deadLettered(name) contains message `value` with `reason`
    };
    Kind kind = Kind::Digest;
    std::string name;   // queue, consumer service or alert rule
    std::string metric; // a queueMetricNames() or consumerMetricNames() entry
    std::uint64_t value = 0;
    std::string reason; // dead-letter reason name: rejected, expired, maxlen, delivery_limit
};

// One test: an aspect of the run that a reader can name ("QueueBillingOrdersCounts").
struct PinnedTest {
    // An identifier in PascalCase, unique within the model: a fixed word first, then the
    // letters and digits of a name, so never a macro; a number appended to tell apart names
    // that differ only in other characters ("a.b", "a-b").
    std::string name;
    // The same as words, names as displayName() gives them: "queue billing.orders counts".
    std::string sentence;
    std::string why; // one comment line saying what it pins
    std::vector<PinnedCheck> checks;
};

// What an exported test file pins about a recorded run, before it becomes GoogleTest or
// Catch2 text. Built from the run of the recording's inputs (Run::rerunRecordingFile), so
// every value is what this build of EventSim gives for them.
struct TestModel {
    std::string scenario; // the scenario's name, as written
    std::string suite;    // "Recorded" and the scenario's name in PascalCase: an identifier
    std::uint64_t seed = 0;
    std::vector<PinnedTest> tests;
};

// At most this many dead-lettered ids are pinned one by one per dead-letter queue; their
// number is always pinned.
inline constexpr std::size_t kMaxPinnedDeadLetters = 20;

// The tests for `run`, in a fixed order: digest, expectations, loss and accounting (when they
// hold), alerts fired, each queue's counts (published, acked and the final depth always, the
// other counts when not zero), each consumer's counts, each dead-letter queue's messages.
TestModel buildTestModel(const Run& run);

// "poison-message-dlq" -> "PoisonMessageDlq", "billing.orders" -> "BillingOrders": ASCII
// letters and digits only, a word starting at each other character. May be empty or start
// with a digit: the part of an identifier after a fixed prefix.
std::string identifierWords(std::string_view text);

// identifierWords(), with "X" in front when it would start with a digit or be empty.
std::string pascalCase(const std::string& text);

// A name as it may stand in a test's display name, which Catch2's test specs and CMake's test
// discovery read back: ASCII letters, digits and . _ - / + = @ ( ) ! ? ' & < > | ^ as they are,
// every other byte as %XX ("a b" -> "a%20b", "a%b" -> "a%25b"). Distinct names stay distinct.
std::string displayName(std::string_view name);

} // namespace evsim
