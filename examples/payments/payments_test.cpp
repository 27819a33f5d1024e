// The team's payment handlers (payment_handlers.h) in place of the scenario's model consumer,
// run through the recorded network partition of network-partition-duplicates.evrec, which
// delivers some payments twice: the idempotent handler charges each payment once, and the
// same recording catches the naive one charging more than a hundred twice.
#include "harness/recording/recording.h"
#include "harness/recording/replayer.h"
#include "harness/testing/gtest_matchers.h"
#include "harness/testing/run.h"
#include "payment_handlers.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <string>

namespace {

// Runs the recording's inputs with `handler` as the card-charger service.
evsim::Run chargeThroughRecording(evsim::ConsumerHandler& handler) {
    const std::string path =
        std::string(EVSIM_DATA_DIR) + "/fixtures/recordings/network-partition-duplicates.evrec";
    evsim::LoadResult<evsim::Recording> recording = evsim::loadRecordingFile(path);
    if (!recording.ok()) {
        throw evsim::LoadFailure(std::move(recording.errors));
    }
    evsim::RunOptions options;
    options.prepare = [&](evsim::Simulation& sim) {
        EXPECT_TRUE(sim.setHandler("card-charger", &handler).ok());
    };
    evsim::RerunResult rerun = evsim::rerunRecording(*recording.value, path, options);
    if (!rerun.ok()) {
        throw evsim::LoadFailure(std::move(rerun.errors));
    }
    return evsim::Run(std::move(rerun.outcome));
}

TEST(Payments, TheIdempotentHandlerChargesEachPaymentOnceUnderDuplicates) {
    payments::CardProvider provider;
    payments::IdempotentChargeHandler handler(provider);
    const evsim::Run run = chargeThroughRecording(handler);
    ASSERT_TRUE(run.completed());
    EXPECT_THAT(run, evsim::NoLoss());
    EXPECT_EQ(provider.paymentsCharged(), 900u);
    EXPECT_THAT(provider.chargedTwice(), testing::IsEmpty());
}

TEST(Payments, TheRecordingCatchesTheNaiveHandlerChargingTwice) {
    payments::CardProvider provider;
    payments::NaiveChargeHandler handler(provider);
    chargeThroughRecording(handler);
    EXPECT_EQ(provider.paymentsCharged(), 900u);
    EXPECT_THAT(provider.chargedTwice(), testing::SizeIs(testing::Ge(100u)));
}

} // namespace
