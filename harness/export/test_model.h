#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace evsim {

class Run;

// One assertion of an exported test, in terms of the query library's matchers
// (query/gtest_matchers.h, query/catch2_matchers.h): the writers turn it into text.
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
    std::string name;     // an identifier in PascalCase, unique within the model
    std::string sentence; // the same as words: "queue billing.orders counts"
    std::string why;      // one comment line saying what it pins
    std::vector<PinnedCheck> checks;
};

// What an exported test file pins about a recorded run, before it becomes GoogleTest or
// Catch2 text. Built from the run of the recording's inputs (Run::rerunRecordingFile), so
// every value is what this build of EventSim gives for them.
struct TestModel {
    std::string scenario; // the scenario's name, as written
    std::string suite;    // the scenario's name as a PascalCase identifier
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

// "poison-message-dlq" -> "PoisonMessageDlq", "billing.orders" -> "BillingOrders": letters and
// digits only, a word starting at each other character; "X" prefixed when it would start with
// a digit or be empty.
std::string pascalCase(const std::string& text);

} // namespace evsim
