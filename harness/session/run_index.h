#pragma once

#include "harness/session/block_vector.h"
#include "harness/session/run_data.h"
#include "harness/session/run_state.h"

#include <cstdint>
#include <map>
#include <vector>

namespace evsim {

// A message on its way somewhere at some instant: what the canvas draws as a moving token.
struct Token {
    enum class Kind : std::uint8_t {
        Publish,  // from its publisher to the broker
        Delivery, // from a queue to a consumer, until processed
    };
    Kind kind = Kind::Publish;
    std::uint32_t message = 0;
    EntityId from = 0; // producer or consumer (publish), queue (delivery)
    EntityId to = 0;   // exchange (publish), consumer (delivery)
    SimTime start;
    SimTime end = SimTime::max(); // max while it has not arrived (yet)
    bool redelivered = false;
    bool duplicate = false;
};

// Answers "what did the run look like at time t?" quickly anywhere in a run, as the run's
// records grow: the state (RunState) from the nearest checkpoint plus the records after it, and
// the hops under way at t.
class RunIndex {
public:
    explicit RunIndex(const RunData& data) : m_data(data) {}

    // Takes in the records appended to the data since the last call.
    void update();

    RunState stateAt(SimTime t) const;
    // Hops under way at t (start <= t < end), at most `limit` of them, oldest start first. A
    // finished hop shorter than `atLeast` is stretched to it (its end moved): an animation
    // shows a hop of a few milliseconds long enough to be seen.
    std::vector<Token> tokensAt(SimTime t, std::size_t limit = 2000,
                                SimTime atLeast = SimTime::zero()) const;

    std::size_t indexed() const { return m_indexed; }

private:
    static constexpr std::size_t kCheckpointEvery = 4096;

    void openToken(const Token& hop);
    void closeTokens(std::uint32_t message, Token::Kind kind, EntityId at, SimTime end);

    const RunData& m_data;
    std::size_t m_indexed = 0;
    RunState m_current;
    std::vector<std::pair<std::size_t, RunState>> m_checkpoints; // (records applied, state)
    BlockVector<Token> m_tokens;                                 // by start time
    // Open hops by message: indices into m_tokens.
    std::multimap<std::uint32_t, std::size_t> m_open;
    SimTime m_longestToken;
};

} // namespace evsim
