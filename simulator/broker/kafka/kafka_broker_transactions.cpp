// Transactions (KAFKA09): a producer's records across partitions, visible to read_committed
// groups all at once when it commits, never when it aborts. Records are written as they come;
// what a transaction wrote is marked by the transaction's state, and each partition knows the
// transactions open in it, from the first record each wrote there: its last stable offset, the
// furthest a read_committed group reads, is the first of those. (Kafka writes a commit or abort
// marker into each partition, which takes an offset; here the end needs none.)
#include "simulator/broker/kafka/kafka_broker.h"

#include <algorithm>

namespace evsim {

void KafkaBroker::beginTransaction(std::uint32_t t, EntityId producer, SimTime timeout) {
    if (m_transactions.size() < t) {
        m_transactions.resize(t);
    }
    Transaction& transaction = m_transactions[t - 1];
    transaction.producer = producer;
    transaction.state = Transaction::State::Open;
    m_env.timer(m_env.now + timeout, t - 1, kTransactionTimeout);
}

bool KafkaBroker::writeInTransaction(std::uint32_t t, std::uint32_t topic, std::uint32_t p,
                                     std::uint64_t offset) {
    Transaction& transaction = m_transactions[t - 1];
    if (transaction.state != Transaction::State::Open) {
        return false;
    }
    Partition& partition = m_partitions[p];
    partition.transactional = true;
    const auto open = std::find_if(partition.open.begin(), partition.open.end(),
                                   [t](const OpenTransaction& o) { return o.transaction == t; });
    if (open == partition.open.end()) {
        partition.open.push_back(OpenTransaction{t, offset});
        transaction.partitions.push_back(p);
        if (transaction.topic == UINT32_MAX) {
            transaction.topic = topic;
        }
    }
    return true;
}

void KafkaBroker::commitTransaction(std::uint32_t t) {
    if (m_transactions[t - 1].state == Transaction::State::Open) {
        endTransaction(t, Transaction::State::Committed, TransactionAbort::ByProducer);
    }
}

void KafkaBroker::commitInTransaction(ConsumerIndex consumer, DeliveryHandle handle,
                                      std::uint32_t tag, std::uint32_t t) {
    GroupCursor& cursor = m_cursors[handle.value()];
    if (heldOffset(consumer, handle, tag) == GroupCursor::kStale) {
        // Its record was taken back already: whoever reads it next writes its outputs again.
        abortTransaction(t, TransactionAbort::InputReadAgain);
        return;
    }
    m_transactions[t - 1].readsInput = true;
    if (cursor.transaction != 0 && cursor.transaction != t) {
        // The record was delivered twice (a duplicating link) and processed twice: the commit
        // goes with the later transaction, and the earlier one's outputs are withdrawn.
        abortTransaction(cursor.transaction, TransactionAbort::InputReadAgain);
    }
    cursor.transaction = t;
}

bool KafkaBroker::transactionStillOpen(std::uint32_t c, std::uint32_t member) {
    GroupCursor& cursor = m_cursors[c];
    if (m_transactions[cursor.transaction - 1].state == Transaction::State::Open) {
        return true;
    }
    m_members[member].unsettled -= static_cast<std::uint32_t>(cursor.inHand());
    giveBack(c, member);
    return false;
}

void KafkaBroker::abortTransaction(std::uint32_t t, TransactionAbort why) {
    if (m_transactions[t - 1].state == Transaction::State::Open) {
        endTransaction(t, Transaction::State::Aborted, why);
    }
}

void KafkaBroker::endTransaction(std::uint32_t t, Transaction::State state, TransactionAbort why) {
    Transaction& transaction = m_transactions[t - 1];
    transaction.state = state;
    const bool committed = state == Transaction::State::Committed;
    ++m_transactionsEnded[committed ? 1 : 0];
    // Written again: by its producer in the next transaction, or by whoever reads its input.
    transaction.lost = !committed && why != TransactionAbort::ByProducer &&
                       why != TransactionAbort::InputReadAgain && !transaction.readsInput;
    const EntityId topicEntity =
        transaction.topic == UINT32_MAX ? 0 : m_topics[transaction.topic].entity;
    m_env.log.append(
        Record{m_env.now, t, transaction.producer, topicEntity,
               committed ? RecordKind::TransactionCommitted : RecordKind::TransactionAborted,
               static_cast<std::uint8_t>(committed ? 0 : static_cast<int>(why)), 0},
        nullptr);
    // Its partitions' stable ends move on: what read_committed groups waited for is theirs.
    const std::vector<std::uint32_t> partitions = std::move(transaction.partitions);
    transaction.partitions = {};
    for (const std::uint32_t p : partitions) {
        std::vector<OpenTransaction>& open = m_partitions[p].open;
        open.erase(std::find_if(open.begin(), open.end(),
                                [t](const OpenTransaction& o) { return o.transaction == t; }));
        // Topics own their partitions in a row: the last whose first is at or before p.
        const auto topic = std::prev(std::upper_bound(
            m_topics.begin(), m_topics.end(), p,
            [](std::uint32_t partition, const Topic& x) { return partition < x.firstPartition; }));
        for (const std::uint32_t g : topic->groups) {
            if (m_groups[g].spec.readCommitted && m_groups[g].born) {
                pump(g, m_groups[g].firstCursor + (p - topic->firstPartition));
            }
        }
    }
}

bool KafkaBroker::abortedAt(const Partition& partition, std::uint64_t offset) const {
    const LogRecord& record = partition.at(offset);
    if (record.removed()) {
        return false;
    }
    const std::uint32_t t = m_env.messages.transaction(record.slot);
    return t != 0 && m_transactions[t - 1].state == Transaction::State::Aborted;
}

void KafkaBroker::passAborted(std::uint32_t g, std::uint32_t c) {
    const std::uint64_t offset = passOver(g, c);
    dropAborted(m_groups[g], partitionAt(m_groups[g], c).at(offset).slot);
}

void KafkaBroker::dropAborted(const Group& group, MessageSlot slot) const {
    const bool lost = m_transactions[m_env.messages.transaction(slot) - 1].lost;
    m_env.drop(DropReason::Aborted, slot, group.stats.entity, 0, 0, lost);
}

} // namespace evsim
