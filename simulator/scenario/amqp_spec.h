#pragma once

#include "simulator/kernel/sim_time.h"

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace evsim {

// The spec of an AMQP broker (kind "amqp") as a scenario declares it: RabbitMQ exchanges,
// queues and bindings, with RabbitMQ's names and defaults (RabbitMQ 3.10, docs/semantics.md).

enum class ExchangeType { Direct, Fanout, Topic, Headers };
// "direct", "fanout", "topic", "headers": as the format writes it.
constexpr const char* exchangeTypeName(ExchangeType type) {
    switch (type) {
    case ExchangeType::Direct:
        return "direct";
    case ExchangeType::Fanout:
        return "fanout";
    case ExchangeType::Topic:
        return "topic";
    case ExchangeType::Headers:
        return "headers";
    }
    return "direct";
}

struct ExchangeSpec {
    std::string name;
    ExchangeType type = ExchangeType::Direct;
    // alternate-exchange (AMQP05): where a message goes that this exchange's own bindings
    // route nowhere; none when absent.
    std::optional<std::string> alternateExchange = std::nullopt;
};

// Classic and quorum queues differ where docs/semantics.md says (AMQP07, AMQP12, AMQP13).
enum class QueueType { Classic, Quorum };

// What a full queue does with one more message (AMQP09, x-overflow).
enum class Overflow {
    DropHead,         // the oldest ready message is dropped or dead-lettered (reason maxlen)
    RejectPublish,    // the new message is refused: its publisher is nacked
    RejectPublishDlx, // refused and nacked, and dead-lettered (reason maxlen)
};

// RabbitMQ's optional queue arguments ("x-…" in the file); absent means RabbitMQ's default.
struct QueueArguments {
    std::optional<SimTime> messageTtl;           // x-message-ttl (AMQP06)
    std::optional<std::uint64_t> maxLength;      // x-max-length: ready messages (AMQP08)
    std::optional<std::uint64_t> maxLengthBytes; // x-max-length-bytes: ready body bytes
    Overflow overflow = Overflow::DropHead;      // x-overflow (AMQP09)
    // x-dead-letter-exchange (AMQP10): "" is the default exchange; absent: no dead-lettering.
    std::optional<std::string> deadLetterExchange;
    std::optional<std::string> deadLetterRoutingKey; // x-dead-letter-routing-key
    std::optional<std::uint32_t> deliveryLimit;      // x-delivery-limit, quorum only (AMQP12)
};

struct QueueSpec {
    QueueSpec() = default;
    QueueSpec(std::string queueName) : name(std::move(queueName)) {} // NOLINT: {"name"} reads well

    std::string name;
    QueueType type = QueueType::Classic;
    bool durable = true; // survives a broker restart (AMQP17); quorum queues always are
    QueueArguments arguments;
};

// Routes messages from an exchange to a queue, or (with `toExchange`) on to another exchange
// (AMQP04). `key` is ignored by fanout and headers exchanges; a headers exchange matches a
// message's headers against `arguments` (AMQP03).
struct BindingSpec {
    std::string exchange;
    std::string queue; // "" when the binding leads to an exchange
    std::string key;
    std::string arguments = {};  // compact JSON object text; "" for none
    std::string toExchange = {}; // the exchange it leads to; "" when it leads to a queue
};

struct AmqpSpec {
    std::vector<ExchangeSpec> exchanges;
    std::vector<QueueSpec> queues;
    std::vector<BindingSpec> bindings;
    // A delivery unacknowledged this long closes its consumer's channel (AMQP18); RabbitMQ
    // 3.10's consumer_timeout default is 30 minutes.
    SimTime consumerTimeout = SimTime::fromSeconds(30 * 60);
    // A connection whose peer cannot be reached this long is closed by the broker (missed
    // heartbeats; RabbitMQ's default heartbeat timeout is 60 seconds).
    SimTime heartbeat = SimTime::fromSeconds(60);
};

} // namespace evsim
