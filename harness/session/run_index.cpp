#include "harness/session/run_index.h"

#include <algorithm>

namespace evsim {

void RunIndex::openToken(const Token& hop) {
    m_open.emplace(hop.message, m_tokens.size());
    m_tokens.push_back(hop);
}

void RunIndex::closeTokens(std::uint32_t message, Token::Kind kind, EntityId at, SimTime end) {
    auto [first, last] = m_open.equal_range(message);
    for (auto it = first; it != last;) {
        Token& hop = m_tokens[it->second];
        if (hop.kind == kind && (at == kNoEntity || hop.to == at)) {
            hop.end = end;
            m_longestToken = std::max(m_longestToken, end - hop.start);
            it = m_open.erase(it);
        } else {
            ++it;
        }
    }
}

void RunIndex::update() {
    const auto& records = m_data.records();
    const EntityTable& entities = m_data.entities();
    for (; m_indexed < records.size(); ++m_indexed) {
        if (m_indexed % kCheckpointEvery == 0) {
            m_checkpoints.emplace_back(m_indexed, m_current);
        }
        const Record& r = records[m_indexed];
        m_current.apply(r, entities);
        switch (r.kind) {
        case RecordKind::Published:
            openToken(Token{Token::Kind::Publish, r.message, r.entity, r.aux, r.time,
                            SimTime::max(), false, r.detail == 1});
            break;
        case RecordKind::Enqueued:
        case RecordKind::WrittenToLeader:
            closeTokens(r.message, Token::Kind::Publish, kNoEntity, r.time);
            break;
        case RecordKind::Dropped:
        case RecordKind::LostInTransit:
            closeTokens(r.message, Token::Kind::Publish, kNoEntity, r.time);
            if (entities[r.entity].kind == EntityKind::Consumer) {
                closeTokens(r.message, Token::Kind::Delivery, r.entity, r.time);
            }
            break;
        case RecordKind::Delivered:
            openToken(Token{Token::Kind::Delivery, r.message, r.entity, r.aux, r.time,
                            SimTime::max(), r.detail == 1, false});
            break;
        case RecordKind::Processed:
        case RecordKind::Failed:
        case RecordKind::Deduplicated:
            closeTokens(r.message, Token::Kind::Delivery, r.entity, r.time);
            break;
        case RecordKind::ChannelClosed:
            // Deliveries to a closed channel will never be processed there.
            for (auto it = m_open.begin(); it != m_open.end();) {
                Token& hop = m_tokens[it->second];
                if (hop.kind == Token::Kind::Delivery && hop.to == r.entity) {
                    hop.end = r.time;
                    it = m_open.erase(it);
                } else {
                    ++it;
                }
            }
            break;
        default:
            break;
        }
    }
}

RunState RunIndex::stateAt(SimTime t) const {
    const auto& records = m_data.records();
    const std::size_t end = std::min(m_indexed, m_data.firstRecordAt(t + SimTime::fromNanos(1)));
    // The last checkpoint at or before `end` records.
    auto it = std::upper_bound(m_checkpoints.begin(), m_checkpoints.end(), end,
                               [](std::size_t n, const auto& c) { return n < c.first; });
    RunState state = it == m_checkpoints.begin() ? RunState{} : std::prev(it)->second;
    const std::size_t from = it == m_checkpoints.begin() ? 0 : std::prev(it)->first;
    for (std::size_t i = from; i < end; ++i) {
        state.apply(records[i], m_data.entities());
    }
    state.resize(m_data.entities().size());
    return state;
}

std::vector<Token> RunIndex::tokensAt(SimTime t, std::size_t limit, SimTime atLeast) const {
    std::vector<Token> out;
    // Hops start in time order; one under way at t started at most the longest finished hop
    // (or `atLeast`) ago, or is still open.
    const SimTime earliest = t - std::max(m_longestToken, atLeast);
    auto it = std::lower_bound(m_tokens.begin(), m_tokens.end(), earliest,
                               [](const Token& h, SimTime time) { return h.start < time; });
    for (; it != m_tokens.end() && it->start <= t && out.size() < limit; ++it) {
        const SimTime shownUntil =
            it->end == SimTime::max() ? it->end : std::max(it->end, it->start + atLeast);
        if (t < shownUntil) {
            out.push_back(*it);
            out.back().end = shownUntil;
        }
    }
    for (const auto& [message, index] : m_open) {
        const Token& h = m_tokens[index];
        if (h.start < earliest && h.start <= t && out.size() < limit) {
            out.push_back(h);
        }
    }
    return out;
}

} // namespace evsim
