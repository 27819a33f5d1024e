#include "simulator/broker/message_store.h"

#include <gtest/gtest.h>

namespace evsim {
namespace {

constexpr EntityId kProducer = 3;
constexpr EntityId kOtherProducer = 4;

// A root message as a producer's template makes it: its event and trace are its own id.
Message root(std::uint32_t id, std::uint32_t routingKey = 5) {
    Message m;
    m.publishedAt = SimTime::fromMillis(id);
    m.id = id;
    m.eventId = id;
    m.traceRoot = id;
    m.references = 1;
    m.routingKey = routingKey;
    m.eventType = 2;
    m.schemaVersion = 1;
    m.body = 11;
    m.headers = 12;
    m.bodyBytes = 40;
    m.flags = Message::kPersistent;
    return m;
}

// A message that is not its own root: emitted by processing another, and retried.
Message child(std::uint32_t id) {
    Message m = root(id);
    m.eventId = id - 1;
    m.parent = id - 2;
    m.traceRoot = 1;
    m.retries = 3;
    m.expirationMs = 250;
    return m;
}

void expectSame(const Message& a, const Message& b) {
    EXPECT_EQ(a.publishedAt, b.publishedAt);
    EXPECT_EQ(a.id, b.id);
    EXPECT_EQ(a.references, b.references);
    EXPECT_EQ(a.content(), b.content());
    EXPECT_EQ(a.eventId, b.eventId);
    EXPECT_EQ(a.parent, b.parent);
    EXPECT_EQ(a.traceRoot, b.traceRoot);
    EXPECT_EQ(a.retries, b.retries);
}

TEST(MessageStore, GivesBackEveryFieldOfWhatWasAdded) {
    MessageStore store(false);
    const Message r = root(1);
    const Message c = child(9);
    const MessageSlot rs = store.add(r, kProducer);
    const MessageSlot cs = store.add(c, kProducer);
    expectSame(store[rs], r);
    expectSame(store[cs], c);
    EXPECT_EQ(store.eventId(cs), 8u);
    EXPECT_EQ(store.eventId(rs), 1u);
    EXPECT_EQ(store.content(cs).expirationMs, 250u);
}

// A run of root publishes from templates keeps 24 bytes a message: no lineage column, and one
// content per producer, however many messages.
TEST(MessageStore, RootMessagesOfOneTemplateShareOneContentAndNoLineage) {
    MessageStore store(false);
    for (std::uint32_t id = 1; id <= 1000; ++id) {
        store.add(root(id), id % 2 == 0 ? kProducer : kOtherProducer);
    }
    EXPECT_EQ(store.contentCount(), 1u); // two producers, one template's worth of content
    EXPECT_EQ(store.liveBytes(), 1000 * 24 + sizeof(MessageContent));
    store.add(root(1001, /*routingKey=*/6), kProducer);
    store.add(root(1002), kProducer); // back to the first: found again, not added
    EXPECT_EQ(store.contentCount(), 2u);
}

// A recycled slot inherits nothing of the message before it: a root after a child is a root.
TEST(MessageStore, ARecycledSlotForgetsTheLineageOfItsLastMessage) {
    MessageStore store(false);
    const MessageSlot first = store.add(child(9), kProducer);
    store.release(first);
    const MessageSlot again = store.add(root(10), kProducer);
    ASSERT_EQ(again, first);
    const Message m = store[again];
    EXPECT_EQ(m.parent, 0u);
    EXPECT_EQ(m.eventId, 10u);
    EXPECT_EQ(m.traceRoot, 10u);
    EXPECT_EQ(m.retries, 0u);
}

TEST(MessageStore, KeepsEveryMessageByIdWhenAsked) {
    MessageStore store(true);
    store.add(root(1), kProducer);
    store.add(child(2), kOtherProducer);
    store.release(0);
    ASSERT_TRUE(store.findById(1).has_value());
    expectSame(*store.findById(2), child(2));
    EXPECT_EQ(store.publisherOf(2), kOtherProducer);
    EXPECT_FALSE(store.findById(3).has_value());
    EXPECT_EQ(store.live(), 1u);
}

} // namespace
} // namespace evsim
