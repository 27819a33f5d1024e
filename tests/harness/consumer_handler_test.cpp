// Application code as a consumer (ConsumerHandler): its verdicts reach the broker as acks,
// requeues and rejects, what it publishes is sent, and a team's handler runs through a
// recorded failure: the idempotent payment handler charges once, the naive one twice.
#include "examples/payments/payment_handlers.h"
#include "harness/recording/recording.h"
#include "harness/recording/replayer.h"
#include "harness/run/summary_report.h"
#include "simulator/scenario/scenario_loader.h"

#include <filesystem>
#include <gtest/gtest.h>
#include <map>
#include <stdexcept>

namespace evsim {
namespace {

namespace fs = std::filesystem;

// Ten jobs into "work" (dead-lettered into "work.dead"), one worker whose verdicts the
// tests choose; whatever it publishes to "done" waits there.
constexpr const char* kWorkScenario = R"({
  "name": "handled-work", "seed": 3, "duration": "10s",
  "broker": {
    "exchanges": [{ "name": "jobs", "type": "direct" }, { "name": "dead", "type": "fanout" }],
    "queues": [
      { "name": "work", "arguments": { "x-dead-letter-exchange": "dead" } },
      { "name": "work.dead" }, { "name": "done" }
    ],
    "bindings": [{ "exchange": "jobs", "queue": "work", "key": "work" },
                 { "exchange": "dead", "queue": "work.dead" }]
  },
  "services": [
    { "name": "client", "produces": [{ "event": "Job", "exchange": "jobs", "routing_key": "work", "rate": "10/s",
                                       "count": 10, "body": { "n": 1 } }] },
    { "name": "worker", "consumes": [{ "queue": "work", "prefetch": 1,
                                       "processing": { "dist": "constant", "value": "5ms" } }] }
  ],
  "network": { "latency": { "dist": "constant", "value": "1ms" } }
})";

Scenario workScenario() {
    LoadResult<Scenario> loaded = parseScenario(kWorkScenario, "handled-work.json");
    EXPECT_TRUE(loaded.ok()) << (loaded.errors.empty() ? "" : loaded.errors[0].message);
    return *loaded.value;
}

// Decides by the job's number (the order of first deliveries, 1 to 10): the fifth and the
// tenth are rejected, the third is requeued once, the rest acked; every ack publishes a
// JobDone to the "done" queue.
class ScriptedWorker final : public ConsumerHandler {
public:
    HandlerVerdict handle(const HandlerDelivery& d, std::vector<HandlerPublish>& publish) override {
        EXPECT_EQ(d.queue, "work");
        EXPECT_EQ(d.instance, "worker#0");
        EXPECT_EQ(d.envelope.type, "Job");
        EXPECT_EQ(d.envelope.data, R"({"n":1})");
        EXPECT_EQ(d.redelivered, d.attempt > 1);
        if (d.attempt == 1) {
            m_number.emplace(d.envelope.id, static_cast<int>(m_number.size()) + 1);
        }
        const int n = m_number.at(d.envelope.id);
        seen.push_back("job-" + std::to_string(n) + "#" + std::to_string(d.attempt));
        if (n % 5 == 0) {
            return HandlerVerdict::Reject;
        }
        if (n == 3 && !d.redelivered) {
            return HandlerVerdict::Requeue;
        }
        publish.push_back({"", "done", "JobDone", R"({"job":")" + d.envelope.id + R"("})"});
        return HandlerVerdict::Ack;
    }
    std::vector<std::string> seen;

private:
    std::map<std::string, int> m_number; // by event id
};

const QueueStats& queue(const RunSummary& s, const std::string& name) {
    for (const QueueStats& q : s.queues) {
        if (q.name == name) {
            return q;
        }
    }
    throw std::out_of_range("no queue " + name);
}

TEST(ConsumerHandler, VerdictsBecomeAcksRequeuesAndRejects) {
    ScriptedWorker worker;
    RunOptions options;
    options.prepare = [&](Simulation& sim) {
        EXPECT_TRUE(sim.setHandler("worker", &worker).ok());
    };
    const RunOutcome out = runScenario(workScenario(), options);
    ASSERT_TRUE(out.completed());
    // evt-3 came twice (requeued once), the others once: eleven deliveries.
    ASSERT_EQ(worker.seen.size(), 11u) << testing::PrintToString(worker.seen);
    EXPECT_EQ(worker.seen[2], "job-3#1");
    EXPECT_EQ(worker.seen[3], "job-3#2") << testing::PrintToString(worker.seen);
    const QueueStats& work = queue(out.summary, "work");
    EXPECT_EQ(work.acked, 8u);
    EXPECT_EQ(work.redelivered, 1u);
    EXPECT_EQ(work.deadLetteredTotal(), 2u); // jobs 5 and 10
    EXPECT_EQ(queue(out.summary, "work.dead").published, 2u);
    ASSERT_EQ(out.summary.consumers.size(), 1u);
    EXPECT_EQ(out.summary.consumers[0].processed, 8u);
    EXPECT_EQ(out.summary.consumers[0].failed, 3u);
}

TEST(ConsumerHandler, WhatItPublishesIsSent) {
    ScriptedWorker worker;
    RunOptions options;
    options.prepare = [&](Simulation& sim) {
        EXPECT_TRUE(sim.setHandler("worker", &worker).ok());
    };
    const RunOutcome out = runScenario(workScenario(), options);
    EXPECT_EQ(queue(out.summary, "done").published, 8u);
}

TEST(ConsumerHandler, TheSameHandlerGivesTheSameRun) {
    std::uint64_t digests[2] = {};
    for (std::uint64_t& digest : digests) {
        ScriptedWorker worker;
        RunOptions options;
        options.prepare = [&](Simulation& sim) {
            EXPECT_TRUE(sim.setHandler("worker", &worker).ok());
        };
        digest = runScenario(workScenario(), options).summary.digest;
    }
    EXPECT_EQ(digests[0], digests[1]);
    EXPECT_NE(digests[0], runScenario(workScenario()).summary.digest); // the model acks all
}

// Throws what the simulation throws when its books break, at the third delivery.
class BreakingWorker final : public ConsumerHandler {
public:
    HandlerVerdict handle(const HandlerDelivery&, std::vector<HandlerPublish>&) override {
        if (++m_calls == 3) {
            throw InvariantViolation("invariant broken after record 9: the test broke it");
        }
        return HandlerVerdict::Ack;
    }

private:
    int m_calls = 0;
};

TEST(ConsumerHandler, ARunWhoseBooksBreakStopsAsFailedAndItsReportSaysWhatBroke) {
    BreakingWorker worker;
    RunOptions options;
    options.prepare = [&](Simulation& sim) {
        ASSERT_TRUE(sim.setHandler("worker", &worker).ok());
    };
    const RunOutcome out = runScenario(workScenario(), options);
    EXPECT_EQ(out.stop, RunStop::Failed);
    EXPECT_FALSE(out.passed());
    EXPECT_EQ(out.failure, "invariant broken after record 9: the test broke it");
    EXPECT_EQ(stopText(out.stop), "failed");
    const std::string report = formatRunReport(out, true, 10);
    EXPECT_NE(report.find("FAILED at "), std::string::npos) << report;
    EXPECT_NE(report.find("the test broke it"), std::string::npos) << report;
    EXPECT_NE(report.find("This is a bug in EventSim"), std::string::npos) << report;
}

TEST(ConsumerHandler, UnknownServicesAndNonConsumersAreNamed) {
    Simulation sim(workScenario());
    ScriptedWorker worker;
    EXPECT_EQ(sim.setHandler("wroker", &worker).why(), "no service named \"wroker\"");
    EXPECT_EQ(sim.setHandler("client", &worker).why(), "service \"client\" consumes no queue");
}

class PublishesNowhere final : public ConsumerHandler {
public:
    HandlerVerdict handle(const HandlerDelivery&, std::vector<HandlerPublish>& publish) override {
        publish.push_back({"audit", "", "Audited", "{}"});
        return HandlerVerdict::Ack;
    }
};

TEST(ConsumerHandler, PublishingToAnUndeclaredExchangeStopsTheRunWithItsName) {
    PublishesNowhere handler;
    RunOptions options;
    options.prepare = [&](Simulation& sim) {
        EXPECT_TRUE(sim.setHandler("worker", &handler).ok());
    };
    try {
        runScenario(workScenario(), options);
        FAIL() << "expected an error";
    } catch (const std::invalid_argument& e) {
        EXPECT_NE(std::string(e.what()).find("exchange \"audit\""), std::string::npos) << e.what();
    }
}

// The worked example of docs/harness.md: the recorded partition delivers payments twice.
RunOutcome chargeThroughRecording(ConsumerHandler& handler) {
    const std::string path =
        (fs::path(EVSIM_SOURCE_DIR) / "fixtures/recordings/network-partition-duplicates.evrec")
            .string();
    LoadResult<Recording> recording = loadRecordingFile(path);
    EXPECT_TRUE(recording.ok());
    RunOptions options;
    options.prepare = [&](Simulation& sim) {
        EXPECT_TRUE(sim.setHandler("card-charger", &handler).ok());
    };
    RerunResult rerun = rerunRecording(*recording.value, path, options);
    EXPECT_TRUE(rerun.ok());
    return std::move(rerun.outcome);
}

TEST(ConsumerHandler, TheIdempotentPaymentHandlerChargesEachPaymentOnceUnderDuplicates) {
    payments::CardProvider provider;
    payments::IdempotentChargeHandler handler(provider);
    const RunOutcome out = chargeThroughRecording(handler);
    ASSERT_TRUE(out.completed());
    EXPECT_EQ(provider.paymentsCharged(), 900u);
    EXPECT_TRUE(provider.chargedTwice().empty());
}

TEST(ConsumerHandler, TheSameRecordingCatchesTheNaiveHandlerChargingTwice) {
    payments::CardProvider provider;
    payments::NaiveChargeHandler handler(provider);
    chargeThroughRecording(handler);
    EXPECT_EQ(provider.paymentsCharged(), 900u);
    EXPECT_GE(provider.chargedTwice().size(), 100u);
}

} // namespace
} // namespace evsim
