#include "harness/export/test_model.h"

#include "harness/query/queue_metrics.h"
#include "harness/testing/run.h"
#include "harness/testing/run_checks.h"

#include <cctype>
#include <set>
#include <string_view>

namespace evsim {
namespace {

using Kind = PinnedCheck::Kind;

// Gives every test a distinct identifier: two queues may differ only in punctuation
// ("a.b", "a-b"), which pascalCase() drops.
class TestNames {
public:
    std::string unique(const std::string& name) {
        std::string candidate = name;
        for (int n = 2; !m_used.insert(candidate).second; ++n) {
            candidate = name + std::to_string(n);
        }
        return candidate;
    }

private:
    std::set<std::string> m_used;
};

PinnedCheck check(Kind kind, std::string name = {}, std::string metric = {},
                  std::uint64_t value = 0, std::string reason = {}) {
    return PinnedCheck{kind, std::move(name), std::move(metric), value, std::move(reason)};
}

// published, acked and the final depth say what a queue was for and whether it drained, so
// they are pinned even when zero; the rest only when something happened.
bool alwaysPinned(std::string_view metric) {
    return metric == "published" || metric == "acked" || metric == "depth";
}

} // namespace

std::string identifierWords(std::string_view text) {
    std::string out;
    bool wordStart = true;
    for (const char c : text) {
        const auto u = static_cast<unsigned char>(c);
        const bool ascii =
            (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
        if (!ascii) {
            wordStart = true;
            continue;
        }
        out += wordStart ? static_cast<char>(std::toupper(u)) : c;
        wordStart = false;
    }
    return out;
}

std::string pascalCase(const std::string& text) {
    std::string out = identifierWords(text);
    if (out.empty() || (out[0] >= '0' && out[0] <= '9')) {
        out = "X" + out;
    }
    return out;
}

std::string displayName(std::string_view name) {
    static constexpr std::string_view kKept = "._-/+=@()!?'&<>|^";
    std::string out;
    for (const char c : name) {
        const bool ascii =
            (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
        if (ascii || kKept.find(c) != std::string_view::npos) {
            out += c;
        } else {
            constexpr char kHex[] = "0123456789ABCDEF";
            const auto u = static_cast<unsigned char>(c);
            out += '%';
            out += kHex[u >> 4];
            out += kHex[u & 0xF];
        }
    }
    return out;
}

TestModel buildTestModel(const Run& run) {
    TestModel model;
    model.scenario = run.scenarioName();
    // A prefix, so that no name is ever a macro (EOF, NULL, TEST) or starts with a digit.
    model.suite = "Recorded" + identifierWords(model.scenario);
    model.seed = run.seed();
    TestNames names;
    const auto add = [&](const std::string& name, std::string sentence, std::string why,
                         std::vector<PinnedCheck> checks) {
        model.tests.push_back(
            {names.unique(name), std::move(sentence), std::move(why), std::move(checks)});
    };

    add("ReplaysToTheRecordedDigest", "replays to the recorded digest",
        "Every record of the run, in order: any change in behaviour changes it.",
        {check(Kind::Digest, {}, {}, run.digest())});
    if (run.passed()) {
        add("PassesItsExpectations", "passes its expectations",
            "The scenario's own expect section, as `evsim run` checks it.",
            {check(Kind::PassesExpectations)});
    }
    if (checkNoLoss(run).passed) {
        add("LosesNoMessage", "loses no message", "No message copy left unprocessed.",
            {check(Kind::NoLoss)});
    }
    if (checkAccounted(run).passed) {
        add("AccountsForEveryMessage", "accounts for every message",
            "Every message and copy is somewhere at the end (semantics.md INV01).",
            {check(Kind::Accounted)});
    }

    std::vector<PinnedCheck> alerts;
    std::set<std::string> fired;
    for (const AlertFiring& firing : run.alerts()) {
        if (fired.insert(firing.name).second) {
            alerts.push_back(check(Kind::FiredAlert, firing.name));
        }
    }
    if (!alerts.empty()) {
        add("FiresItsAlerts", "fires its alerts", "The alert rules the recorded run raised.",
            std::move(alerts));
    }

    for (const std::string& queue : run.queueNames()) {
        std::vector<PinnedCheck> counts;
        for (const std::string_view metric : queueMetricNames()) {
            if (metric == "ready" || metric == "unacked" || metric == "lag" ||
                metric == "max_lag" || metric == "committed") {
                continue; // depth is their sum; a log's words repeat depth, max_depth, acked
            }
            const std::uint64_t value = run.queueCount(queue, std::string(metric));
            if (value != 0 || alwaysPinned(metric)) {
                counts.push_back(check(Kind::QueueCount, queue, std::string(metric), value));
            }
        }
        add("Queue" + identifierWords(queue) + "Counts", "queue " + displayName(queue) + " counts",
            "What went through " + queue + ", and what was left in it at the end.",
            std::move(counts));
    }

    for (const std::string& service : run.consumerNames()) {
        std::vector<PinnedCheck> counts;
        for (const std::string_view metric : consumerMetricNames()) {
            const std::uint64_t value = run.consumerCount(service, std::string(metric));
            if (value != 0 || metric == "processed") {
                counts.push_back(check(Kind::ConsumerCount, service, std::string(metric), value));
            }
        }
        add("Consumer" + identifierWords(service) + "Counts",
            "consumer " + displayName(service) + " counts",
            "What " + service + " processed, failed and saw twice.", std::move(counts));
    }

    for (const std::string& queue : run.queueNames()) {
        const std::vector<DeadLetter> letters = run.deadLettered(queue);
        if (letters.empty()) {
            continue;
        }
        std::vector<PinnedCheck> checks{check(Kind::DeadLetterCount, queue, {}, letters.size())};
        for (std::size_t i = 0; i < letters.size() && i < kMaxPinnedDeadLetters; ++i) {
            checks.push_back(
                check(Kind::DeadLetter, queue, {}, letters[i].message, letters[i].reasonName));
        }
        const std::string shown = letters.size() > kMaxPinnedDeadLetters
                                      ? " (the first " + std::to_string(kMaxPinnedDeadLetters) + ")"
                                      : "";
        add("DeadLettersInto" + identifierWords(queue), "dead letters into " + displayName(queue),
            "The messages dead-lettered into " + queue + shown + ", with their reasons.",
            std::move(checks));
    }
    return model;
}

} // namespace evsim
