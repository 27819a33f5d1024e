// The Catch2 matchers over finished runs (harness/testing/catch2_matchers.h): they pass on a run
// that has the property, and a failing one says why in describe().
#define CATCH_CONFIG_MAIN
#include "harness/testing/catch2_matchers.h"

#include <filesystem>

namespace {

std::string sourcePath(const std::string& relative) {
    return (std::filesystem::path(EVSIM_SOURCE_DIR) / relative).string();
}

const evsim::Run& poisonRun() {
    static const evsim::Run run =
        evsim::Run::fromScenarioFile(sourcePath("scenarios/poison-message-dlq.json"));
    return run;
}

const evsim::Run& lossyRun() {
    static const evsim::Run run =
        evsim::Run::fromScenarioFile(sourcePath("fixtures/failing/lossy.json"));
    return run;
}

} // namespace

TEST_CASE("Catch2 matchers pass on a run that has the property") {
    const evsim::Run& run = poisonRun();
    REQUIRE_THAT(run, evsim::NoLoss());
    REQUIRE_THAT(run, evsim::Accounted());
    REQUIRE_THAT(run, evsim::HasDigest(run.digest()));
    REQUIRE_THAT(run, evsim::FiredAlert("dead-letters"));
    REQUIRE_THAT(run, evsim::PassesExpectations());
    REQUIRE_THAT(run, evsim::QueueCount("billing.orders", "acked", 2000));
    REQUIRE_THAT(run, evsim::ConsumerCount("billing", "failed", 4));
    const std::uint32_t id = run.deadLettered("billing.dead").at(0).message;
    REQUIRE_THAT(run.deadLettered("billing.dead"), evsim::ContainsMessage(id, "delivery_limit"));
    REQUIRE_THAT(lossyRun(), evsim::Accounted());
}

TEST_CASE("Catch2 NoLoss fails naming each cause with example ids") {
    const auto matcher = evsim::NoLoss();
    REQUIRE_FALSE(matcher.match(lossyRun()));
    const evsim::LossReport lost = lossyRun().lost();
    REQUIRE(matcher.describe() == "loses no message copy (" + std::to_string(lost.total) +
                                      " message copies lost: " + lost.causesText() + ")");
    REQUIRE_THAT(matcher.describe(), Catch::Matchers::Contains("1 unroutable (e.g. msg-"));
}

TEST_CASE("Catch2 count and name matchers fail with what was seen") {
    const evsim::Run& run = poisonRun();
    const auto acked = evsim::QueueCount("billing.orders", "acked", 5);
    REQUIRE_FALSE(acked.match(run));
    REQUIRE(acked.describe() == "has queue billing.orders acked = 5 (queue billing.orders acked "
                                "is 2000)");
    const auto misspelt = evsim::QueueCount("billing.order", "acked", 5);
    REQUIRE_FALSE(misspelt.match(run));
    REQUIRE_THAT(misspelt.describe(), Catch::Matchers::Contains("did you mean \"billing.orders\""));
    const auto alert = evsim::FiredAlert("dead-letter");
    REQUIRE_FALSE(alert.match(run));
    REQUIRE_THAT(alert.describe(), Catch::Matchers::Contains("no alert named \"dead-letter\""));
    const auto expectations = evsim::PassesExpectations();
    REQUIRE_FALSE(expectations.match(lossyRun()));
    REQUIRE_THAT(expectations.describe(), Catch::Matchers::Contains("1 of 2 expectations failed"));
}

TEST_CASE("Catch2 ContainsMessage fails listing the dead letters") {
    const std::vector<evsim::DeadLetter> dead = poisonRun().deadLettered("billing.dead");
    const auto matcher = evsim::ContainsMessage(7, "rejected");
    REQUIRE_FALSE(matcher.match(dead));
    REQUIRE(matcher.describe() == "contains msg-7 dead-lettered rejected (msg-7 (rejected) is not "
                                  "among the dead letters: msg-" +
                                      std::to_string(dead.at(0).message) + " (delivery_limit))");
}

TEST_CASE("Catch2 prints a run as a one-line summary") {
    REQUIRE(Catch::Detail::stringify(poisonRun()) == "poison-message-dlq (seed 5, digest " +
                                                         evsim::formatDigest(poisonRun().digest()) +
                                                         ", 10/10 expectations passed)");
}
