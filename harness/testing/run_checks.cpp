#include "harness/testing/run_checks.h"

#include "harness/testing/run.h"

#include <exception>

namespace evsim {
namespace {

// Runs a check; a name the run does not have fails it with the reason.
template <typename Check> RunCheck guarded(Check check) {
    try {
        return check();
    } catch (const UnknownName& e) {
        return RunCheck{false, e.what()};
    }
}

template <typename Read> CountRead guardedRead(Read read) {
    try {
        return CountRead{read(), {}};
    } catch (const UnknownName& e) {
        return CountRead{std::nullopt, e.what()};
    }
}

std::string plural(std::uint64_t n, const std::string& word) {
    return std::to_string(n) + " " + word + (n == 1 ? "" : "s");
}

std::string lettersText(const std::vector<DeadLetter>& letters) {
    if (letters.empty()) {
        return "none";
    }
    std::string text;
    constexpr std::size_t kShown = 5;
    for (std::size_t i = 0; i < letters.size() && i < kShown; ++i) {
        text += (i ? ", msg-" : "msg-") + std::to_string(letters[i].message) + " (" +
                letters[i].reasonName + ")";
    }
    if (letters.size() > kShown) {
        text += " and " + std::to_string(letters.size() - kShown) + " more";
    }
    return text;
}

} // namespace

RunCheck checkNoLoss(const Run& run) {
    const LossReport lost = run.lost();
    if (lost.none()) {
        return {true, "no message copy lost"};
    }
    return {false, std::to_string(lost.total) +
                       (lost.total == 1 ? " message copy" : " message copies") +
                       " lost: " + lost.causesText()};
}

RunCheck checkAccounted(const Run& run) {
    return {run.conservation().balanced(), accountingText(run.conservation())};
}

RunCheck checkDigest(const Run& run, std::uint64_t digest) {
    return {run.digest() == digest, "the digest is " + formatDigest(run.digest())};
}

RunCheck checkFiredAlert(const Run& run, const std::string& alert) {
    return guarded([&] {
        const std::vector<AlertFiring> firings = run.alerts(alert);
        if (!firings.empty()) {
            return RunCheck{true, "alert " + alert + " fired " + plural(firings.size(), "time") +
                                      ", first at " +
                                      formatDurationShort(firings.front().raisedAt)};
        }
        std::string others;
        for (const AlertFiring& f : run.alerts()) {
            others +=
                (others.empty() ? "" : ", ") + f.name + " at " + formatDurationShort(f.raisedAt);
        }
        return RunCheck{false, "alert " + alert + " never fired (alerts that fired: " +
                                   (others.empty() ? "none" : others) + ")"};
    });
}

RunCheck checkPassesExpectations(const Run& run) {
    const auto& results = run.expectations();
    std::size_t failed = 0;
    std::string lines;
    for (const ExpectationResult& r : results) {
        if (!r.passed) {
            ++failed;
            lines += "\n  " + describe(r);
        }
    }
    const std::string total = std::to_string(results.size());
    if (failed == 0) {
        return {run.completed(), std::to_string(results.size()) + " of " + total +
                                     " expectations passed" +
                                     (run.completed() ? "" : ", but the run did not complete")};
    }
    return {false, std::to_string(failed) + " of " + total + " expectations failed:" + lines};
}

RunCheck checkContainsMessage(const std::vector<DeadLetter>& letters, std::uint32_t id,
                              const std::string& reason) {
    for (const DeadLetter& d : letters) {
        if (d.message == id && (reason.empty() || d.reasonName == reason)) {
            return {true, "msg-" + std::to_string(id) + " was dead-lettered (" + d.reasonName +
                              ") from " + d.from};
        }
    }
    return {false, "msg-" + std::to_string(id) + (reason.empty() ? "" : " (" + reason + ")") +
                       " is not among the dead letters: " + lettersText(letters)};
}

CountRead readQueueCount(const Run& run, const std::string& queue, const std::string& metric) {
    return guardedRead([&] { return run.queueCount(queue, metric); });
}

CountRead readConsumerCount(const Run& run, const std::string& service, const std::string& metric) {
    return guardedRead([&] { return run.consumerCount(service, metric); });
}

} // namespace evsim
