#include "simulator/broker/amqp/amqp_queue.h"

#include <algorithm>

namespace evsim {
namespace {

bool later(const AmqpQueue::Expiry& a, const AmqpQueue::Expiry& b) {
    return a.at != b.at ? a.at > b.at : sequenceBefore(b.sequence, a.sequence);
}

} // namespace

AmqpQueue::AmqpQueue(const QueueSpec& spec, std::uint32_t queueIndex, EntityId entity,
                     std::uint32_t dlx, std::uint32_t dlxKey)
    : type(spec.type), overflow(spec.arguments.overflow),
      lengthLimited(spec.arguments.maxLength || spec.arguments.maxLengthBytes),
      deadLetterExchange(dlx), index(queueIndex), durable(spec.durable),
      messageTtl(spec.arguments.messageTtl), maxLength(spec.arguments.maxLength),
      maxLengthBytes(spec.arguments.maxLengthBytes), deadLetterRoutingKey(dlxKey),
      deliveryLimit(spec.arguments.deliveryLimit) {
    stats.entity = entity;
}

void AmqpQueue::returnReady(std::uint32_t copy, CopyPool& copies, std::uint32_t bytes, bool ahead) {
    QueueCopy& c = copies[copy];
    c.state = QueueCopy::State::Ready;
    expiring += copies.expires(copy) ? 1 : 0;
    if (type == QueueType::Quorum) {
        c.sequence = copies.nextSequence(); // a new identity for its expiry entries
        if (ahead) {
            m_ready.insertAt(m_returnsAhead++, copy);
        } else {
            m_ready.pushBack(copy);
        }
    } else {
        m_ready.insertSorted(copy, [&copies](std::uint32_t a, std::uint32_t b) {
            return sequenceBefore(copies[a].sequence, copies[b].sequence);
        });
    }
    ++m_readyCount;
    m_readyBytes += bytes;
}

std::uint32_t AmqpQueue::headAfterRemoved(CopyPool& copies) {
    while (!m_ready.empty()) {
        const std::uint32_t copy = m_ready.front();
        if (copies[copy].state != QueueCopy::State::Removed) {
            return copy;
        }
        popFront();
        copies.release(copy);
    }
    return kNoCopy;
}

std::uint32_t AmqpQueue::peekHead(const CopyPool& copies) const {
    for (std::size_t i = 0; i < m_ready.size(); ++i) {
        if (copies[m_ready[i]].state != QueueCopy::State::Removed) {
            return m_ready[i];
        }
    }
    return kNoCopy;
}

void AmqpQueue::removeReady(std::uint32_t copy, CopyPool& copies, std::uint32_t bytes) {
    copies[copy].state = QueueCopy::State::Removed;
    expiring -= copies.expires(copy) ? 1 : 0;
    --m_readyCount;
    m_readyBytes -= bytes;
}

std::vector<std::uint32_t> AmqpQueue::takeAllReady(CopyPool& copies) {
    std::vector<std::uint32_t> out;
    out.reserve(m_readyCount);
    while (!m_ready.empty()) {
        const std::uint32_t copy = popFront();
        if (copies[copy].state == QueueCopy::State::Removed) {
            copies.release(copy);
        } else {
            out.push_back(copy);
        }
    }
    m_readyCount = 0;
    m_readyBytes = 0;
    expiring = 0;
    m_expiries.clear();
    return out;
}

void AmqpQueue::addExpiry(const Expiry& e) {
    m_expiries.push_back(e);
    std::push_heap(m_expiries.begin(), m_expiries.end(), later);
}

std::optional<AmqpQueue::Expiry> AmqpQueue::nextExpiry(const CopyPool& copies) {
    while (!m_expiries.empty()) {
        const Expiry& e = m_expiries.front();
        const QueueCopy& c = copies[e.copy];
        if (c.sequence == e.sequence && c.state == QueueCopy::State::Ready) {
            return e;
        }
        popExpiry(); // delivered, requeued (a new entry exists) or gone
    }
    return std::nullopt;
}

void AmqpQueue::popExpiry() {
    std::pop_heap(m_expiries.begin(), m_expiries.end(), later);
    m_expiries.pop_back();
}

std::size_t AmqpQueue::memoryBytes() const {
    return m_ready.capacity() * sizeof(std::uint32_t) + m_expiries.capacity() * sizeof(Expiry);
}

} // namespace evsim
