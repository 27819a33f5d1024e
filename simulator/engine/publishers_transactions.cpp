// A log producer's transactions (KAFKA09), as Kafka's transactional producer runs them: begin,
// send a run of records, commit once every one is acknowledged. An aborted transaction's events
// are sent again in the next, as an application retries the work it aborted.
#include "simulator/engine/publishers.h"

namespace evsim {

bool Publishers::hasMoreToSend(const Producer& p) const {
    if (p.remaining > 0) {
        return true;
    }
    if (p.transactions == Flight::kNone) {
        return false;
    }
    const Transactions& tx = m_transactions[p.transactions];
    return tx.resent < tx.resend.size();
}

bool Publishers::transactionHasRoom(std::uint32_t producer) {
    const Transactions& tx = transactionsOf(m_producers[producer]);
    return tx.current == 0 || tx.sent < tx.spec.records;
}

bool Publishers::joinTransaction(std::uint32_t producer, Message& m) {
    Producer& p = m_producers[producer];
    Transactions& tx = transactionsOf(p);
    if (tx.current == 0) {
        tx.current = ++m_lastTransaction;
        ++tx.begun;
        m_core.broker->beginTransaction(tx.current, p.entity, tx.spec.timeout);
    }
    ++tx.sent;
    if (tx.resent == tx.resend.size()) {
        return false;
    }
    const Transactions::Event& again = tx.resend[tx.resent++];
    m.eventId = again.eventId;
    m.traceRoot = again.eventId;
    m.routingKey = again.key;
    if (tx.resent == tx.resend.size()) {
        tx.resend.clear();
        tx.resent = 0;
    }
    return true;
}

void Publishers::transactionRecordSettled(std::uint32_t producer, std::uint32_t transaction,
                                          bool gaveUp) {
    Transactions& tx = transactionsOf(m_producers[producer]);
    if (transaction != tx.current) {
        return; // of one that ended (its producer restarted since)
    }
    ++tx.settled;
    tx.gaveUp = tx.gaveUp || gaveUp;
    endTransactionIfDone(producer);
}

void Publishers::endTransactionIfDone(std::uint32_t producer) {
    Producer& p = m_producers[producer];
    Transactions& tx = transactionsOf(p);
    const bool full = tx.sent >= tx.spec.records || !hasMoreToSend(p);
    if (tx.current == 0 || tx.settled < tx.sent || !full) {
        return;
    }
    const bool aborts = tx.spec.abortEvery > 0 && tx.begun % tx.spec.abortEvery == 0;
    ++(tx.gaveUp || aborts ? tx.aborted : tx.committed);
    if (tx.gaveUp) {
        // A record never acknowledged: the commit would fail; what it wrote is lost.
        m_core.broker->abortTransaction(tx.current, TransactionAbort::GaveUp);
    } else if (aborts) {
        m_core.broker->abortTransaction(tx.current, TransactionAbort::ByProducer);
        // Its events go again, before any still waiting to go again from an earlier abort.
        tx.events.insert(tx.events.end(), tx.resend.begin() + static_cast<long>(tx.resent),
                         tx.resend.end());
        tx.resend.swap(tx.events);
        tx.resent = 0;
    } else {
        m_core.broker->commitTransaction(tx.current);
    }
    tx.current = 0;
    tx.sent = 0;
    tx.settled = 0;
    tx.gaveUp = false;
    tx.events.clear();
    if (!tx.tickPending && hasMoreToSend(p)) {
        tx.tickPending = true;
        m_core.scheduler.schedule(m_core.now(), EventKind::ProducerTick, producer,
                                  m_core.instances[p.instance].processEpoch);
    }
}

void Publishers::transactionCrashed(Producer& p) {
    Transactions& tx = transactionsOf(p);
    tx.leftOpen = tx.current;
    // What an aborted transaction had still to send again dies with the process.
    for (std::size_t k = tx.resent; k < tx.resend.size(); ++k) {
        Message stub;
        stub.id = tx.resend[k].message;
        stub.eventId = tx.resend[k].eventId;
        m_core.drop(DropReason::InstanceCrash, stub, p.entity, 0);
    }
    tx.resend.clear();
    tx.resent = 0;
    tx.current = 0;
    tx.sent = 0;
    tx.settled = 0;
    tx.gaveUp = false;
    tx.tickPending = false;
    tx.events.clear();
}

void Publishers::transactionResumed(Producer& p) {
    Transactions& tx = transactionsOf(p);
    if (tx.leftOpen != 0) {
        // initTransactions with the same transactional.id fences the old producer and aborts
        // what it left open.
        m_core.broker->abortTransaction(tx.leftOpen, TransactionAbort::Fenced);
        ++tx.aborted;
        tx.leftOpen = 0;
    }
}

} // namespace evsim
