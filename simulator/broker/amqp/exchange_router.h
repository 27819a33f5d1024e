#pragma once

#include "simulator/broker/amqp/headers_matcher.h"
#include "simulator/broker/amqp/topic_matcher.h"
#include "simulator/observe/entity_table.h"
#include "simulator/scenario/amqp_spec.h"

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

namespace evsim {

// RabbitMQ exchanges and bindings (AMQP01-05): which queues a message reaches through an
// exchange, by its routing key or (a headers exchange) its headers, following bindings on to
// other exchanges and alternate exchanges. Exchange 0 is the default
// exchange "", which routes to the queue named by the key.
class ExchangeRouter {
public:
    // Queue names with their indices, sorted by name.
    using QueueNames = std::vector<std::pair<std::string_view, std::uint32_t>>;

    // `queuesByName` gives a queue's index for a name; the loader guarantees every binding
    // names a declared exchange and queue. `exchangeEntities` are the entities of the default
    // exchange and then of each declared exchange, in order.
    ExchangeRouter(const AmqpSpec& spec, const QueueNames& queuesByName,
                   const std::vector<EntityId>& exchangeEntities, StringTable& strings);

    // Appends to `queues` (cleared first) each queue the message reaches, once each: in
    // binding order through one exchange, then through the exchanges it leads on to.
    // `routingKey` and `headers` (a JSON object's text) are StringTable indices.
    void route(std::uint32_t exchange, std::uint32_t routingKey, std::uint32_t headers,
               std::vector<std::uint32_t>& queues) const;

    std::optional<std::uint32_t> index(std::string_view name) const; // nullopt: none
    // A deleted exchange (AMQP20) routes nothing: a publish to it is the broker's 404, its
    // bindings lead nowhere and those leading to it are gone, and an exchange whose alternate
    // it is finds none. Declared again, it has the bindings the scenario gives it.
    void setDeleted(std::uint32_t exchange, bool deleted) {
        m_exchanges[exchange].deleted = deleted;
    }
    bool deleted(std::uint32_t exchange) const { return m_exchanges[exchange].deleted; }
    EntityId entity(std::uint32_t exchange) const { return m_exchanges[exchange].entity; }
    std::size_t size() const { return m_exchanges.size(); }

private:
    // A binding's destination is a queue's index, or an exchange's with kExchangeBit set.
    static constexpr std::uint32_t kExchangeBit = 0x80000000u;
    static constexpr std::uint32_t kNoExchange = UINT32_MAX;
    struct Binding {
        std::uint32_t destination;
        std::uint32_t key; // StringTable index; headers: its matcher in m_headers
    };
    struct Exchange {
        EntityId entity = 0;
        ExchangeType type = ExchangeType::Direct;
        bool isDefault = false;
        bool deleted = false;
        std::uint32_t topic = UINT32_MAX;      // topic: its patterns in m_topics
        std::uint32_t alternate = kNoExchange; // its alternate-exchange, if any
        std::vector<Binding> bindings; // direct: sorted by key, equal keys in declaration order
    };
    // Where a topic exchange's routes for one key (a headers exchange's for one set of
    // headers) are kept in m_learnedQueues, once worked out.
    struct Route {
        std::uint32_t first = 0;
        std::uint32_t count = 0;
    };
    // A direct exchange's bindings for one key: bindings[first, first + count).
    struct KeyRange {
        std::uint64_t exchangeAndKey = kNoEntry; // exchange << 32 | key
        std::uint32_t first = 0;
        std::uint32_t count = 0;
    };
    static constexpr std::uint64_t kNoEntry = UINT64_MAX;

    // The destinations one exchange's own bindings give a message, each once, in binding order.
    void ownDestinations(std::uint32_t exchange, std::uint32_t routingKey, std::uint32_t headers,
                         std::vector<std::uint32_t>& destinations) const;
    // Where a destination's stamps are kept: queues first, then exchanges.
    std::uint32_t seenSlot(std::uint32_t destination) const {
        return (destination & kExchangeBit) != 0 ? m_queues + (destination & ~kExchangeBit)
                                                 : destination;
    }
    // Direct routing by hash of (exchange, key): one probe or two, however many bindings.
    void indexDirectBindings();
    const KeyRange* findRange(std::uint32_t exchange, std::uint32_t key) const;
    // The queues a topic exchange routes `key` to, in binding order: matched against its
    // patterns the first time, remembered after (keys are few; a run publishes each often).
    Route topicRoute(std::uint32_t exchange, std::uint32_t key) const;
    // The same for a headers exchange and a message's headers.
    Route headersRoute(std::uint32_t exchange, std::uint32_t headers) const;
    // Keeps the queues the matching bindings reach, once each, as the route for `id`.
    Route learn(std::uint64_t id, const Exchange& exchange) const;
    // Starts a routing's stamp in m_seen: no queue counts as reached yet.
    void nextStamp() const;

    std::vector<Exchange> m_exchanges;
    std::map<std::string, std::uint32_t, std::less<>> m_byName; // not the default
    // Default exchange routing: the queue named by each interned key (ids are dense).
    static constexpr std::uint32_t kNoQueue = UINT32_MAX;
    std::vector<std::uint32_t> m_queueByKey;
    std::vector<KeyRange> m_ranges; // open addressing, a power of two at most half full
    std::uint32_t m_queues = 0;
    // Whether some binding leads to an exchange or some exchange has an alternate: routing
    // then walks from exchange to exchange.
    bool m_walks = false;
    // Which destinations one exchange's bindings already gave, by stamp: no search per binding.
    mutable std::vector<std::uint32_t> m_seen;
    mutable std::uint32_t m_stamp = 0;
    // Which queues and exchanges the current walk reached, by stamp.
    mutable std::vector<std::uint32_t> m_reached;
    mutable std::uint32_t m_walkStamp = 0;
    mutable std::vector<std::uint32_t> m_pending;      // exchanges still to route through
    mutable std::vector<std::uint32_t> m_destinations; // one exchange's, while walking
    const StringTable& m_strings;                      // routing keys and binding patterns by index
    std::vector<TopicMatcher> m_topics;
    std::vector<HeadersBinding> m_headers; // every headers binding's matcher
    // Routes worked out so far, by exchange << 32 | key or headers (looked up, never iterated).
    mutable std::unordered_map<std::uint64_t, Route> m_learnedRoutes;
    mutable std::vector<std::uint32_t> m_learnedQueues;
    mutable std::vector<std::uint32_t> m_matched;        // scratch: matching binding numbers
    mutable std::vector<HeadersBinding::Field> m_fields; // scratch: a message's headers
};

} // namespace evsim
