#pragma once

#include "harness/query/dead_letters.h"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace evsim {

class Run;

// What the GoogleTest and Catch2 matchers (gtest_matchers.h, catch2_matchers.h) decide and
// print, written once: whether a run has a property, and a sentence saying why or why not.
// A query about a name the run does not have (UnknownName) fails the check with the
// exception's text instead of throwing, so a test reports it like any other mismatch.
struct RunCheck {
    bool passed = false;
    std::string explanation;
};

// "no message copy lost" / "3 message copies lost: 2 rejected (e.g. msg-4, msg-9), 1 expired
// (e.g. msg-12)"
RunCheck checkNoLoss(const Run& run);
// accountingText(): "0 unaccounted (…)"
RunCheck checkAccounted(const Run& run);
// "the digest is 0123456789abcdef"
RunCheck checkDigest(const Run& run, std::uint64_t digest);
// "alert dead-letters fired 1 time, first at 10.5s" / "alert x never fired (alerts that
// fired: y at 3s)"
RunCheck checkFiredAlert(const Run& run, const std::string& alert);
// "5 of 5 expectations passed" / "1 of 3 expectations failed: queue a acked: expected …"
RunCheck checkPassesExpectations(const Run& run);
// Whether message `id` is among `letters` (with `reason`, when given: "delivery_limit", …);
// "msg-2001 was dead-lettered (delivery_limit) from billing.orders" / "msg-7 is not among
// the dead letters msg-2001 (delivery_limit)"
RunCheck checkContainsMessage(const std::vector<DeadLetter>& letters, std::uint32_t id,
                              const std::string& reason = {});

// A count read for a matcher: the value, or why there is none (UnknownName's text).
struct CountRead {
    std::optional<std::uint64_t> value;
    std::string error;
};
CountRead readQueueCount(const Run& run, const std::string& queue, const std::string& metric);
CountRead readConsumerCount(const Run& run, const std::string& service, const std::string& metric);

} // namespace evsim
