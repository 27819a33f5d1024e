#include "simulator/broker/amqp/death_table.h"
#include "simulator/broker/message_store.h"
#include "simulator/kernel/status.h"
#include "simulator/observe/invariant_check.h"

#include <gtest/gtest.h>
#include <string>
#include <vector>

namespace evsim {
namespace {

std::string violationOf(const InvariantCheck& check, EntityId entity) {
    try {
        EVSIM_INVARIANT(check, 1 + 1 == 3, entity, "ready count 3, but its ready list holds 2");
    } catch (const InvariantViolation& v) {
        return v.what();
    }
    return "(nothing thrown)";
}

TEST(InvariantCheck, NamesTheRecordTheTimeTheEntityTheDetailAndTheCondition) {
    EntityTable entities;
    const EntityId queue = entities.add(EntityKind::Queue, "billing.orders");
    const InvariantCheck check(entities, 1234, SimTime::fromMillis(1500));
    EXPECT_EQ(violationOf(check, queue),
              "invariant broken after record 1234 at 1.5s: queue 'billing.orders' (entity 1): "
              "ready count 3, but its ready list holds 2 [1 + 1 == 3]");
    EXPECT_EQ(violationOf(check, kNoEntity),
              "invariant broken after record 1234 at 1.5s: ready count 3, but its ready list "
              "holds 2 [1 + 1 == 3]");
}

TEST(InvariantCheck, BuildsNoDetailWhenTheConditionHolds) {
    EntityTable entities;
    const InvariantCheck check(entities, 0, SimTime{});
    int built = 0;
    const auto detail = [&built] {
        ++built;
        return std::string("never");
    };
    EVSIM_INVARIANT(check, true, kNoEntity, detail());
    EXPECT_EQ(built, 0);
    EXPECT_THROW(EVSIM_INVARIANT(check, false, kNoEntity, detail()), InvariantViolation);
    EXPECT_EQ(built, 1);
}

TEST(MessageStore, ItsCheckFindsReferencesTheHoldersDoNotAccountForEitherWay) {
    EntityTable entities;
    const InvariantCheck check(entities, 0, SimTime{});
    MessageStore store(false);
    Message m;
    m.id = 7;
    m.references = 2;
    const MessageSlot slot = store.add(m, kNoEntity);
    std::vector<std::uint32_t> held(store.slots(), 0);
    held[slot] = 2;
    EXPECT_NO_THROW(store.checkReferences(held, check));
    held[slot] = 1;
    EXPECT_THROW(store.checkReferences(held, check), InvariantViolation); // a leak
    held[slot] = 3;
    EXPECT_THROW(store.checkReferences(held, check), InvariantViolation); // a double release
    store.release(slot);
    store.release(slot);
    held[slot] = 0;
    EXPECT_NO_THROW(store.checkReferences(held, check)); // a free slot is held by nobody
}

TEST(DeathTable, ItsCheckFindsAHolderCountThatDisagreesWithTheCopiesCarryingIt) {
    EntityTable entities;
    const InvariantCheck check(entities, 0, SimTime{});
    DeathTable deaths;
    const std::uint32_t history = deaths.died(DeathTable::kNone, DeathEntry{});
    deaths.retain(history); // a second copy carries it
    std::vector<std::uint32_t> carried(deaths.historyCount(), 0);
    carried[history] = 2;
    EXPECT_NO_THROW(deaths.checkHolders(carried, check));
    carried[history] = 1;
    EXPECT_THROW(deaths.checkHolders(carried, check), InvariantViolation);
}

TEST(Status, IsDoneOrRefusedWithWhyAndAnEmptyReasonIsStillARefusal) {
    EXPECT_TRUE(Status::done().ok());
    EXPECT_EQ(Status::done().why(), "");
    const Status refused = Status::refused("no queue named \"wrok\"");
    EXPECT_FALSE(refused.ok());
    EXPECT_EQ(refused.why(), "no queue named \"wrok\"");
    EXPECT_FALSE(Status::refused("").ok());
}

} // namespace
} // namespace evsim
