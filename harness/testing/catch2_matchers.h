#pragma once

// Catch2 (2.13) matchers over a Run (harness/testing/run.h), header-only so that evsim_harness does
// not depend on Catch2: include it in test sources only, and not together with gtest_matchers.h
// (both define evsim::NoLoss() and friends).
//
//   const evsim::Run run = evsim::Run::fromScenarioFile("scenarios/poison-message-dlq.json");
//   REQUIRE_THAT(run, evsim::NoLoss());
//   REQUIRE_THAT(run, evsim::QueueCount("billing.orders", "acked", 2000));
//   REQUIRE_THAT(run.deadLettered("billing.dead"), evsim::ContainsMessage(2001));
//
// describe() is read after match() and carries the explanation of the last match, the same
// sentence the GoogleTest matchers print (harness/testing/run_checks.h).

#include "harness/testing/run.h"
#include "harness/testing/run_checks.h"

#include <catch2/catch.hpp>
#include <functional>
#include <string>
#include <utility>
#include <vector>

namespace evsim {
namespace catch2_detail {

// A property of a run decided by one of run_checks.h's checks.
class RunCheckMatcher : public Catch::MatcherBase<Run> {
public:
    RunCheckMatcher(std::string description, std::function<RunCheck(const Run&)> check)
        : m_description(std::move(description)), m_check(std::move(check)) {}

    bool match(const Run& run) const override {
        const RunCheck result = m_check(run);
        m_explanation = result.explanation;
        return result.passed;
    }
    std::string describe() const override {
        return m_explanation.empty() ? m_description : m_description + " (" + m_explanation + ")";
    }

private:
    std::string m_description;
    std::function<RunCheck(const Run&)> m_check;
    mutable std::string m_explanation; // of the last match()
};

class CountMatcher : public Catch::MatcherBase<Run> {
public:
    using Read = std::function<CountRead(const Run&)>;
    CountMatcher(std::string subject, Read read, std::uint64_t expected)
        : m_subject(std::move(subject)), m_read(std::move(read)), m_expected(expected) {}

    bool match(const Run& run) const override {
        const CountRead read = m_read(run);
        m_explanation = read.value ? m_subject + " is " + std::to_string(*read.value) : read.error;
        return read.value == m_expected;
    }
    std::string describe() const override {
        return "has " + m_subject + " = " + std::to_string(m_expected) +
               (m_explanation.empty() ? "" : " (" + m_explanation + ")");
    }

private:
    std::string m_subject;
    Read m_read;
    std::uint64_t m_expected;
    mutable std::string m_explanation;
};

class ContainsMessageMatcher : public Catch::MatcherBase<std::vector<DeadLetter>> {
public:
    ContainsMessageMatcher(std::uint32_t id, std::string reason)
        : m_id(id), m_reason(std::move(reason)) {}

    bool match(const std::vector<DeadLetter>& letters) const override {
        const RunCheck result = checkContainsMessage(letters, m_id, m_reason);
        m_explanation = result.explanation;
        return result.passed;
    }
    std::string describe() const override {
        return "contains msg-" + std::to_string(m_id) +
               (m_reason.empty() ? "" : " dead-lettered " + m_reason) +
               (m_explanation.empty() ? "" : " (" + m_explanation + ")");
    }

private:
    std::uint32_t m_id;
    std::string m_reason;
    mutable std::string m_explanation;
};

} // namespace catch2_detail

// No message copy was lost (the `no_loss` expectation).
inline catch2_detail::RunCheckMatcher NoLoss() {
    return {"loses no message copy", &checkNoLoss};
}

// Every message and copy is accounted for at the end (`accounted`, semantics.md INV01).
inline catch2_detail::RunCheckMatcher Accounted() {
    return {"accounts for every message and copy", &checkAccounted};
}

inline catch2_detail::RunCheckMatcher HasDigest(std::uint64_t digest) {
    return {"has digest " + formatDigest(digest), [digest](const Run& run) {
                return checkDigest(run, digest);
            }};
}

// Alert rule `alert` was raised at least once.
inline catch2_detail::RunCheckMatcher FiredAlert(const std::string& alert) {
    return {"fired alert " + alert, [alert](const Run& run) {
                return checkFiredAlert(run, alert);
            }};
}

// Every expectation of the scenario passed and the run completed (`evsim run` exits 0).
inline catch2_detail::RunCheckMatcher PassesExpectations() {
    return {"passes its expectations", &checkPassesExpectations};
}

// A queue count by its expectation name ("acked", "dead_lettered", "depth", …) equals `count`.
inline catch2_detail::CountMatcher QueueCount(const std::string& queue, const std::string& metric,
                                              std::uint64_t count) {
    return {"queue " + queue + " " + metric,
            [queue, metric](const Run& run) { return readQueueCount(run, queue, metric); }, count};
}

// A consumer count ("processed", "failed", "duplicates_processed", "deduplicated") equals
// `count`.
inline catch2_detail::CountMatcher ConsumerCount(const std::string& service,
                                                 const std::string& metric, std::uint64_t count) {
    return {"consumer " + service + " " + metric,
            [service, metric](const Run& run) { return readConsumerCount(run, service, metric); },
            count};
}

// Over Run::deadLettered(…): message `id` is among them, with `reason` when one is given
// ("rejected", "expired", "maxlen", "delivery_limit").
inline catch2_detail::ContainsMessageMatcher ContainsMessage(std::uint32_t id,
                                                             const std::string& reason = {}) {
    return {id, reason};
}

} // namespace evsim
