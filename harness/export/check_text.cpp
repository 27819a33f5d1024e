#include "harness/export/check_text.h"

#include "harness/export/source_text.h"
#include "harness/export/test_model.h"

#include <cstdio>

namespace evsim {

std::string matcherText(const PinnedCheck& check) {
    using Kind = PinnedCheck::Kind;
    switch (check.kind) {
    case Kind::Digest: {
        char hex[19];
        std::snprintf(hex, sizeof hex, "0x%016llx", static_cast<unsigned long long>(check.value));
        return std::string("evsim::HasDigest(") + hex + ")";
    }
    case Kind::NoLoss:
        return "evsim::NoLoss()";
    case Kind::Accounted:
        return "evsim::Accounted()";
    case Kind::PassesExpectations:
        return "evsim::PassesExpectations()";
    case Kind::FiredAlert:
        return "evsim::FiredAlert(" + cppStringValue(check.name) + ")";
    case Kind::QueueCount:
        return "evsim::QueueCount(" + cppStringValue(check.name) + ", " + cppString(check.metric) +
               ", " + std::to_string(check.value) + ")";
    case Kind::ConsumerCount:
        return "evsim::ConsumerCount(" + cppStringValue(check.name) + ", " +
               cppString(check.metric) + ", " + std::to_string(check.value) + ")";
    case Kind::DeadLetter:
        return "evsim::ContainsMessage(" + std::to_string(check.value) +
               (check.reason.empty() ? "" : ", " + cppString(check.reason)) + ")";
    case Kind::DeadLetterCount:
        break;
    }
    return {};
}

std::string subjectName(const PinnedCheck& check) {
    const bool dead = check.kind == PinnedCheck::Kind::DeadLetter ||
                      check.kind == PinnedCheck::Kind::DeadLetterCount;
    return dead ? "dead" : "run";
}

std::string subjectLine(const PinnedTest& test) {
    if (test.checks.empty() || subjectName(test.checks.front()) == "run") {
        return "    const evsim::Run& run = recordedRun();\n";
    }
    // Every check of a dead-letter test reads the same queue (test_model.cpp builds them so).
    const std::string call =
        "recordedRun().deadLettered(" + cppStringValue(test.checks[0].name) + ");";
    const std::string line = "    const auto dead = " + call;
    return line.size() <= 100 ? line + "\n" : "    const auto dead =\n        " + call + "\n";
}

} // namespace evsim
