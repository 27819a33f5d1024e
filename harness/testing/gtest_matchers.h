#pragma once

// GoogleTest matchers over a Run (harness/testing/run.h), header-only so that evsim_harness does
// not link GoogleTest: include it in test sources only, and not together with catch2_matchers.h
// (both define evsim::NoLoss() and friends).
//
//   const evsim::Run run = evsim::Run::fromScenarioFile("scenarios/poison-message-dlq.json");
//   EXPECT_THAT(run, evsim::NoLoss());
//   EXPECT_THAT(run, evsim::QueueCount("billing.orders", "acked", 2000));
//   EXPECT_THAT(run.deadLettered("billing.dead"), evsim::DeadLetteredIds(ElementsAre(2001)));
//
// A failure prints the same explanation the Catch2 matchers do (harness/testing/run_checks.h), e.g.
// "3 message copies lost: 2 rejected (e.g. msg-4, msg-9), 1 expired (e.g. msg-12)".

#include "harness/testing/run.h"
#include "harness/testing/run_checks.h"

#include <functional>
#include <gmock/gmock.h>
#include <ostream>
#include <string>
#include <utility>
#include <vector>

namespace evsim {
namespace gtest_detail {

// A property of a run decided by one of run_checks.h's checks.
class RunCheckMatcher : public testing::MatcherInterface<const Run&> {
public:
    RunCheckMatcher(std::string description, std::function<RunCheck(const Run&)> check)
        : m_description(std::move(description)), m_check(std::move(check)) {}

    bool MatchAndExplain(const Run& run, testing::MatchResultListener* listener) const override {
        const RunCheck result = m_check(run);
        *listener << result.explanation;
        return result.passed;
    }
    void DescribeTo(std::ostream* os) const override { *os << m_description; }
    void DescribeNegationTo(std::ostream* os) const override { *os << "not " << m_description; }

private:
    std::string m_description;
    std::function<RunCheck(const Run&)> m_check;
};

// A count of a run read by name and compared with an inner matcher.
class CountMatcher : public testing::MatcherInterface<const Run&> {
public:
    using Read = std::function<CountRead(const Run&)>;
    CountMatcher(std::string subject, Read read, testing::Matcher<std::uint64_t> count)
        : m_subject(std::move(subject)), m_read(std::move(read)), m_count(std::move(count)) {}

    bool MatchAndExplain(const Run& run, testing::MatchResultListener* listener) const override {
        const CountRead read = m_read(run);
        if (!read.value) {
            *listener << read.error;
            return false;
        }
        *listener << m_subject << " is " << *read.value;
        return m_count.Matches(*read.value);
    }
    void DescribeTo(std::ostream* os) const override {
        *os << "has " << m_subject << " that ";
        m_count.DescribeTo(os);
    }

private:
    std::string m_subject;
    Read m_read;
    testing::Matcher<std::uint64_t> m_count;
};

// The message ids of dead letters, in order, compared with an inner matcher.
class DeadLetterIdsMatcher : public testing::MatcherInterface<const std::vector<DeadLetter>&> {
public:
    explicit DeadLetterIdsMatcher(testing::Matcher<const std::vector<std::uint32_t>&> ids)
        : m_ids(std::move(ids)) {}

    bool MatchAndExplain(const std::vector<DeadLetter>& letters,
                         testing::MatchResultListener* listener) const override {
        std::vector<std::uint32_t> ids;
        for (const DeadLetter& d : letters) {
            ids.push_back(d.message);
        }
        *listener << "whose message ids are " << testing::PrintToString(ids);
        return m_ids.Matches(ids);
    }
    void DescribeTo(std::ostream* os) const override {
        *os << "dead letters whose message ids ";
        m_ids.DescribeTo(os);
    }

private:
    testing::Matcher<const std::vector<std::uint32_t>&> m_ids;
};

class ContainsMessageMatcher : public testing::MatcherInterface<const std::vector<DeadLetter>&> {
public:
    ContainsMessageMatcher(std::uint32_t id, std::string reason)
        : m_id(id), m_reason(std::move(reason)) {}

    bool MatchAndExplain(const std::vector<DeadLetter>& letters,
                         testing::MatchResultListener* listener) const override {
        const RunCheck result = checkContainsMessage(letters, m_id, m_reason);
        *listener << result.explanation;
        return result.passed;
    }
    void DescribeTo(std::ostream* os) const override {
        *os << "contains msg-" << m_id << (m_reason.empty() ? "" : " dead-lettered " + m_reason);
    }

private:
    std::uint32_t m_id;
    std::string m_reason;
};

} // namespace gtest_detail

// No message copy was lost (the `no_loss` expectation).
inline testing::Matcher<const Run&> NoLoss() {
    return testing::MakeMatcher(
        new gtest_detail::RunCheckMatcher("loses no message copy", &checkNoLoss));
}

// Every message and copy is accounted for at the end (`accounted`, semantics.md INV01).
inline testing::Matcher<const Run&> Accounted() {
    return testing::MakeMatcher(
        new gtest_detail::RunCheckMatcher("accounts for every message and copy", &checkAccounted));
}

inline testing::Matcher<const Run&> HasDigest(std::uint64_t digest) {
    return testing::MakeMatcher(new gtest_detail::RunCheckMatcher(
        "has digest " + formatDigest(digest),
        [digest](const Run& run) { return checkDigest(run, digest); }));
}

// Alert rule `alert` was raised at least once.
inline testing::Matcher<const Run&> FiredAlert(const std::string& alert) {
    return testing::MakeMatcher(new gtest_detail::RunCheckMatcher(
        "fired alert " + alert, [alert](const Run& run) { return checkFiredAlert(run, alert); }));
}

// Every expectation of the scenario passed and the run completed (`evsim run` exits 0).
inline testing::Matcher<const Run&> PassesExpectations() {
    return testing::MakeMatcher(
        new gtest_detail::RunCheckMatcher("passes its expectations", &checkPassesExpectations));
}

// A queue count by its expectation name ("acked", "dead_lettered", "depth", …): `count` is a
// number or a matcher of std::uint64_t (Ge(10), Lt(5)).
template <typename M>
testing::Matcher<const Run&> QueueCount(const std::string& queue, const std::string& metric,
                                        M count) {
    return testing::MakeMatcher(new gtest_detail::CountMatcher(
        "queue " + queue + " " + metric,
        [queue, metric](const Run& run) { return readQueueCount(run, queue, metric); },
        testing::MatcherCast<std::uint64_t>(count)));
}

// A consumer count ("processed", "failed", "duplicates_processed", "deduplicated").
template <typename M>
testing::Matcher<const Run&> ConsumerCount(const std::string& service, const std::string& metric,
                                           M count) {
    return testing::MakeMatcher(new gtest_detail::CountMatcher(
        "consumer " + service + " " + metric,
        [service, metric](const Run& run) { return readConsumerCount(run, service, metric); },
        testing::MatcherCast<std::uint64_t>(count)));
}

// Over Run::deadLettered(…): the message ids, in order, match `ids` (ElementsAre(2001), …).
template <typename M> testing::Matcher<const std::vector<DeadLetter>&> DeadLetteredIds(M ids) {
    return testing::MakeMatcher(new gtest_detail::DeadLetterIdsMatcher(
        testing::MatcherCast<const std::vector<std::uint32_t>&>(ids)));
}

// Over Run::deadLettered(…): message `id` is among them, with `reason` when one is given
// ("rejected", "expired", "maxlen", "delivery_limit").
inline testing::Matcher<const std::vector<DeadLetter>&>
ContainsMessage(std::uint32_t id, const std::string& reason = {}) {
    return testing::MakeMatcher(new gtest_detail::ContainsMessageMatcher(id, reason));
}

} // namespace evsim
