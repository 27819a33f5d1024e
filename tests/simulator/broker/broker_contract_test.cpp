// What every broker kind must do with the calls of BrokerModel, whatever its model of routing
// and storage: each kind that makeBroker() knows is listed in BrokerKinds below and must pass
// every test here. The tests see a broker only through BrokerModel, as the engine does.
#include "simulator/broker/broker_factory.h"
#include "simulator/broker/key_partition.h"

#include <cstdint>
#include <gtest/gtest.h>
#include <memory>
#include <random>
#include <string>
#include <vector>

namespace evsim {
namespace {

// A kind's part: a spec with one publish target whose publishes with key "k" reach one source,
// "work", which keeps every copy until it is settled (no TTL, no length limit, no dead letters).
// `keepsSettled`: the kind keeps a message after every source settled it (a log keeps its
// records). `commitsCumulatively`: settling one delivery settles those handed out before it
// from the same place (a log's commit is an offset), so a later settle of those is ignored.
struct AmqpKind {
    static constexpr bool keepsSettled = false;
    static constexpr bool commitsCumulatively = false;
    // The key of the i-th publish (from 0).
    static std::string key(std::uint32_t) { return "k"; }
    static BrokerSpec spec() {
        BrokerSpec s;
        s.kind = BrokerKind::Amqp;
        s.amqp.exchanges.push_back({"in", ExchangeType::Direct});
        s.amqp.queues.push_back({"work"});
        s.amqp.bindings.push_back({"in", "work", "k"});
        return s;
    }
};

// A topic "in" of 8 partitions read by group "work". A member holds one record of a partition
// at a time, so the i-th publish goes to partition i % 8: a consumer can hold several, and
// takes them in publish order.
struct KafkaKind {
    static constexpr bool keepsSettled = true;
    static constexpr bool commitsCumulatively = true;
    static constexpr std::uint32_t kPartitions = 8;
    static std::string key(std::uint32_t i) {
        for (std::uint32_t n = 0;; ++n) {
            const std::string k = "k" + std::to_string(n);
            if (partitionForKey(k, kPartitions) == i % kPartitions) {
                return k;
            }
        }
    }
    static BrokerSpec spec() {
        BrokerSpec s;
        s.kind = BrokerKind::Kafka;
        s.kafka.topics.push_back({"in", kPartitions});
        GroupSpec group;
        group.name = "work";
        group.topic = "in";
        s.kafka.groups.push_back(group);
        return s;
    }
};

// The broker alone, through BrokerModel only. The consumer side keeps no references of its
// own, so that the message store counts exactly what the broker holds.
template <typename Kind> class ContractBench : private DeliverySink {
public:
    ContractBench()
        : m_broker(
              makeBroker(Kind::spec(),
                         BrokerEnvironment{m_now, m_log, m_messages, *this, m_losses, m_scheduler},
                         m_strings, m_entities)) {}

    BrokerModel& broker() { return *m_broker; }

    ConsumerIndex attach(std::uint32_t maxUnsettled, bool settledOnDelivery = false) {
        const auto index = static_cast<ConsumerIndex>(m_consumers++);
        const EntityId entity =
            m_entities.add(EntityKind::Consumer, "c" + std::to_string(index.value()));
        m_broker->attach(index, entity, Subscription{"work", maxUnsettled, settledOnDelivery});
        return index;
    }

    PublishOutcome publish() {
        runTimers();
        const std::string key = Kind::key(static_cast<std::uint32_t>(accepted));
        Message m;
        m.id = ++m_lastId;
        m.eventId = m.id;
        m.traceRoot = m.id;
        m.references = 1; // the publish hop's, which accept() takes over
        m.routingKey = m_strings.intern(key);
        const std::optional<TargetIndex> target = m_broker->targetIndex("in");
        EXPECT_TRUE(target.has_value());
        ++accepted;
        return m_broker->accept(m_messages.add(m, kNoEntity), target.value(), false);
    }

    bool settle(const Delivery& d, Settlement how) {
        runTimers();
        return m_broker->settle(d.consumer, d.handle, d.tag, how);
    }

    // The timers the broker set for now, fired as the engine fires them (time stands still
    // here: a timer for later never fires).
    void runTimers() {
        while (!m_scheduler.empty() && m_scheduler.top().time <= m_now) {
            const Event e = m_scheduler.pop();
            if (e.kind() == EventKind::BrokerTimer) {
                m_broker->onTimer(e.target, e.payload);
            }
        }
    }

    // Messages the store should hold: what the broker holds, or, for a kind that keeps
    // settled messages, every one it accepted.
    std::size_t expectedLive() const {
        return Kind::keepsSettled ? accepted : m_broker->heldCopies();
    }
    // Copies settled as done or given up, as the sources count them.
    std::uint64_t settledBySources() const {
        std::uint64_t n = 0;
        for (const QueueStats& q : m_broker->queueStats()) {
            n += q.acked + q.dropped;
        }
        return n;
    }

    // Ready plus unsettled copies over every source, as the sources count them.
    std::uint64_t readyPlusUnsettled() const {
        std::uint64_t n = 0;
        for (const QueueStats& q : m_broker->queueStats()) {
            n += q.ready + q.unacked;
        }
        return n;
    }
    std::uint64_t ready() const { return m_broker->queueStats().at(0).ready; }
    std::size_t liveMessages() const { return m_messages.live(); }

    // Deliveries made to `consumer` and not yet looked at by a test, oldest first.
    std::vector<Delivery> take(ConsumerIndex consumer) {
        runTimers();
        std::vector<Delivery> out;
        std::vector<Delivery> rest;
        for (const Delivery& d : m_pending) {
            (d.consumer == consumer ? out : rest).push_back(d);
        }
        m_pending = std::move(rest);
        return out;
    }
    std::uint32_t idOf(const Delivery& d) const { return m_messages[d.message].id; }

    // The kind's own books, and the message store's counts against the references the kind
    // says its copies hold (the consumer side here holds none).
    void checkInvariants() const {
        InvariantCheck check(m_entities, m_log.count(), m_now);
        std::vector<std::uint32_t> references(m_messages.slots(), 0);
        m_broker->checkInvariants(check, references);
        m_messages.checkReferences(references, check);
    }
    // A reference nobody holds: what a leak looks like to the check.
    void leakReference(MessageSlot slot) { m_messages.retain(slot); }

    std::uint64_t accepted = 0;

private:
    void deliver(const Delivery& d) override { m_pending.push_back(d); }
    void sessionClosedByBroker(ConsumerIndex) override {}
    void redeliveringProcessed() override {}
    void publishDecided(std::uint32_t, bool) override {}

    SimTime m_now;
    RecordLog m_log{true};
    MessageStore m_messages{false};
    LossTally m_losses;
    Scheduler m_scheduler;
    EntityTable m_entities;
    StringTable m_strings;
    std::unique_ptr<BrokerModel> m_broker;
    std::vector<Delivery> m_pending;
    std::size_t m_consumers = 0;
    std::uint32_t m_lastId = 0;
};

template <typename Kind> class BrokerContract : public ::testing::Test {
protected:
    ContractBench<Kind> bench;
};

using BrokerKinds = ::testing::Types<AmqpKind, KafkaKind>;
TYPED_TEST_SUITE(BrokerContract, BrokerKinds);

TYPED_TEST(BrokerContract, AnAttachedConsumerGetsEveryAcceptedCopyOnce) {
    auto& b = this->bench;
    const ConsumerIndex c = b.attach(0);
    for (int i = 0; i < 3; ++i) {
        EXPECT_EQ(b.publish().queues, 1u);
    }
    const std::vector<Delivery> got = b.take(c);
    ASSERT_EQ(got.size(), 3u);
    for (std::size_t i = 0; i < got.size(); ++i) {
        EXPECT_EQ(b.idOf(got[i]), i + 1);
        EXPECT_EQ(got[i].attempt, 1u);
    }
    EXPECT_TRUE(got[0].handle != got[1].handle || got[0].tag != got[1].tag)
        << "each delivery is told apart by its handle and tag";
    EXPECT_EQ(b.broker().heldCopies(), 3u);
}

TYPED_TEST(BrokerContract, ASettledDeliveryLeavesTheBrokerAndASecondSettleIsIgnored) {
    auto& b = this->bench;
    const ConsumerIndex c = b.attach(0);
    b.publish();
    const Delivery d = b.take(c).at(0);
    EXPECT_TRUE(b.settle(d, Settlement::Done));
    EXPECT_EQ(b.broker().heldCopies(), 0u);
    EXPECT_EQ(b.liveMessages(), b.expectedLive()) << "accept() took over the publish's reference";
    EXPECT_FALSE(b.settle(d, Settlement::Done));
    EXPECT_FALSE(b.settle(d, Settlement::Retry));
    EXPECT_TRUE(b.take(c).empty());
}

TYPED_TEST(BrokerContract, AStaleTagIsIgnoredAndTheCurrentOneSettles) {
    auto& b = this->bench;
    const ConsumerIndex c = b.attach(0);
    b.publish();
    const Delivery first = b.take(c).at(0);
    b.broker().closeSession(c, ChannelCloseCause::Heartbeat);
    b.broker().openSession(c);
    const Delivery again = b.take(c).at(0);
    EXPECT_EQ(b.idOf(again), b.idOf(first));
    EXPECT_EQ(again.attempt, 2u);
    EXPECT_FALSE(b.settle(first, Settlement::Done)) << "a tag from the closed session";
    EXPECT_EQ(b.broker().heldCopies(), 1u);
    EXPECT_TRUE(b.settle(again, Settlement::Done));
    EXPECT_EQ(b.broker().heldCopies(), 0u);
}

TYPED_TEST(BrokerContract, ClosingASessionReturnsEveryUnsettledCopy) {
    auto& b = this->bench;
    const ConsumerIndex first = b.attach(0);
    for (int i = 0; i < 5; ++i) {
        b.publish();
    }
    EXPECT_EQ(b.take(first).size(), 5u);
    b.broker().closeSession(first, ChannelCloseCause::Crash);
    EXPECT_FALSE(b.broker().sessionOpen(first));
    EXPECT_EQ(b.broker().heldCopies(), 5u) << "nothing is lost";
    EXPECT_EQ(b.ready(), 5u) << "every copy is ready again";
    const ConsumerIndex second = b.attach(0);
    b.broker().openSession(second); // a consumer attached after the start opens its session
    std::vector<std::uint32_t> ids;
    for (const Delivery& d : b.take(second)) {
        ids.push_back(b.idOf(d));
        EXPECT_EQ(d.attempt, 2u);
    }
    EXPECT_EQ(ids, (std::vector<std::uint32_t>{1, 2, 3, 4, 5}));
    EXPECT_TRUE(b.take(first).empty()) << "a closed session gets nothing";
}

TYPED_TEST(BrokerContract, AClosedSessionGetsNothingUntilItOpens) {
    auto& b = this->bench;
    const ConsumerIndex c = b.attach(0);
    b.broker().closeSession(c, ChannelCloseCause::Heartbeat);
    b.publish();
    EXPECT_TRUE(b.take(c).empty());
    EXPECT_EQ(b.ready(), 1u);
    b.broker().openSession(c);
    EXPECT_TRUE(b.broker().sessionOpen(c));
    EXPECT_EQ(b.take(c).size(), 1u);
}

TYPED_TEST(BrokerContract, MaxUnsettledLimitsWhatAConsumerHolds) {
    auto& b = this->bench;
    const ConsumerIndex c = b.attach(2);
    for (int i = 0; i < 5; ++i) {
        b.publish();
    }
    std::vector<Delivery> got = b.take(c);
    ASSERT_EQ(got.size(), 2u);
    EXPECT_TRUE(b.settle(got[0], Settlement::Done));
    const std::vector<Delivery> next = b.take(c);
    ASSERT_EQ(next.size(), 1u) << "a settle frees one place";
    EXPECT_EQ(b.idOf(next[0]), 3u);
}

TYPED_TEST(BrokerContract, ACopySettledOnDeliveryIsNotHeld) {
    auto& b = this->bench;
    const ConsumerIndex c = b.attach(1, true);
    for (int i = 0; i < 3; ++i) {
        b.publish();
    }
    const std::vector<Delivery> got = b.take(c);
    EXPECT_EQ(got.size(), 3u) << "no limit applies to what is settled at once";
    EXPECT_EQ(b.broker().heldCopies(), 0u);
    EXPECT_EQ(b.liveMessages(), b.expectedLive());
    EXPECT_FALSE(b.settle(got.at(0), Settlement::Done));
}

TYPED_TEST(BrokerContract, RetryDeliversTheCopyAgainAndRejectLetsItGo) {
    auto& b = this->bench;
    const ConsumerIndex c = b.attach(0);
    b.publish();
    const Delivery first = b.take(c).at(0);
    EXPECT_TRUE(b.settle(first, Settlement::Retry));
    const Delivery second = b.take(c).at(0);
    EXPECT_EQ(b.idOf(second), b.idOf(first));
    EXPECT_EQ(second.attempt, 2u);
    EXPECT_TRUE(b.settle(second, Settlement::Reject));
    EXPECT_TRUE(b.take(c).empty());
    EXPECT_EQ(b.broker().heldCopies(), 0u);
    EXPECT_EQ(b.liveMessages(), b.expectedLive());
}

TYPED_TEST(BrokerContract, APurgeTakesReadyCopiesAndLeavesUnsettledOnes) {
    auto& b = this->bench;
    const ConsumerIndex c = b.attach(2);
    for (int i = 0; i < 5; ++i) {
        b.publish();
    }
    const std::vector<Delivery> held = b.take(c);
    ASSERT_EQ(held.size(), 2u);
    b.broker().purge(b.broker().queueIndex("work").value());
    EXPECT_EQ(b.ready(), 0u);
    EXPECT_EQ(b.broker().heldCopies(), 2u);
    EXPECT_TRUE(b.settle(held[0], Settlement::Done));
    EXPECT_TRUE(b.settle(held[1], Settlement::Done));
    EXPECT_EQ(b.broker().heldCopies(), 0u);
    EXPECT_EQ(b.liveMessages(), b.expectedLive());
}

// Random calls in a random order, checked after each: what the broker says it holds is what its
// sources count, every accepted copy is held, done or given up, and the message store holds a
// message exactly while a copy of it is held.
TYPED_TEST(BrokerContract, HeldIsReadyPlusUnsettledAndNothingIsLostOverRandomCalls) {
    for (std::uint32_t seed = 1; seed <= 20; ++seed) {
        ContractBench<TypeParam> b;
        std::mt19937 random(seed);
        const auto pick = [&](std::uint32_t n) {
            return static_cast<std::uint32_t>(random() % n);
        };
        std::vector<ConsumerIndex> consumers{b.attach(3), b.attach(1), b.attach(0)};
        std::vector<Delivery> outstanding;
        std::uint64_t done = 0;
        std::uint64_t rejected = 0;
        for (int step = 0; step < 400; ++step) {
            const ConsumerIndex c = consumers[pick(3)];
            switch (pick(6)) {
            case 0:
            case 1:
                b.publish();
                break;
            case 2:
            case 3:
                if (!outstanding.empty()) {
                    const std::size_t i = pick(static_cast<std::uint32_t>(outstanding.size()));
                    const Delivery d = outstanding[i];
                    outstanding.erase(outstanding.begin() + static_cast<std::ptrdiff_t>(i));
                    const auto how = static_cast<Settlement>(pick(3));
                    if (b.settle(d, how)) {
                        done += how == Settlement::Done ? 1 : 0;
                        rejected += how == Settlement::Reject ? 1 : 0;
                    }
                }
                break;
            case 4:
                b.broker().closeSession(c, ChannelCloseCause::Heartbeat);
                break;
            default:
                if (!b.broker().sessionOpen(c)) {
                    b.broker().openSession(c);
                }
                break;
            }
            for (const ConsumerIndex each : consumers) {
                for (const Delivery& d : b.take(each)) {
                    outstanding.push_back(d);
                }
            }
            ASSERT_EQ(b.broker().heldCopies(), b.readyPlusUnsettled())
                << "seed " << seed << ", step " << step;
            if constexpr (TypeParam::commitsCumulatively) {
                ASSERT_EQ(b.accepted, b.settledBySources() + b.broker().heldCopies())
                    << "seed " << seed << ", step " << step;
            } else {
                ASSERT_EQ(b.accepted, done + rejected + b.broker().heldCopies())
                    << "seed " << seed << ", step " << step;
            }
            ASSERT_EQ(b.liveMessages(), b.expectedLive())
                << "one copy per message here: seed " << seed << ", step " << step;
            ASSERT_NO_THROW(b.checkInvariants()) << "seed " << seed << ", step " << step;
        }
    }
}

TYPED_TEST(BrokerContract, ItsInvariantCheckAccountsForEveryCopyAndFindsAReferenceNobodyHolds) {
    auto& b = this->bench;
    const ConsumerIndex c = b.attach(1);
    b.publish();
    b.publish();
    const std::vector<Delivery> first = b.take(c);
    ASSERT_EQ(first.size(), 1u);
    EXPECT_NO_THROW(b.checkInvariants()); // one ready, one unsettled: both held by the kind
    b.leakReference(first[0].message);
    EXPECT_THROW(b.checkInvariants(), InvariantViolation);
}

} // namespace
} // namespace evsim
