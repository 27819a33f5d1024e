#pragma once

#include "simulator/scenario/loader/backoff_reader.h"
#include "simulator/scenario/loader/name_registry.h"
#include "simulator/scenario/loader/publication_reader.h"
#include "simulator/scenario/loader/value_reader.h"
#include "simulator/scenario/service_spec.h"

#include <optional>
#include <string>
#include <string_view>
#include <utility>

// How clients cope with failure: a producer's publisher confirms, a consumer's idempotency and
// retries.

namespace evsim::loader {

// Reads "confirms" (of a producer), "idempotent" and "retry" (of a consumer). `true` stands for
// the object with every default, `false` for leaving the key out. The exchanges a retry
// publishes to are checked like a publish's. Reports what is wrong through the context and
// returns nullopt then.
class ClientBehaviourReader {
public:
    ClientBehaviourReader(LoadContext& context, NameRegistry& names)
        : m_context(context), m_names(names), m_values(context), m_backoffs(context),
          m_publications(context, names) {}

    std::optional<ConfirmSpec> readConfirms(const Json& v, const std::string& path) const;
    std::optional<IdempotencySpec> readIdempotent(const Json& v, const std::string& path) const;
    // A log producer's "transaction" (KAFKA09).
    std::optional<TransactionSpec> readTransaction(const Json& v, const std::string& path) const;
    // A log consumer's "transaction" (KAFKA09's consume-transform-produce): its timeout.
    std::optional<SimTime> readConsumerTransaction(const Json& v, const std::string& path) const;
    std::optional<RetrySpec> readRetry(const Json& v, const std::string& path) const;

private:
    // true, false or an object; false when `v` is none of them (after reporting it).
    bool isSwitchOrObject(const Json& v, const std::string& path, std::string_view example) const;
    // { "exchange", "routing_key" }: where a retry publishes a message. nullopt on error.
    std::optional<std::pair<std::string, std::string>> readRoute(const Json& v,
                                                                 const std::string& path) const;
    // A log's retry topics, one per retry ("via": [...]): the first into viaExchange.
    void readRetryTopics(const Json& v, const std::string& path, RetrySpec& spec) const;
    // A partitioned log's retry writes to a topic, named by a string: the record keeps its key.
    std::optional<std::string> readTopic(const Json& v, const std::string& path) const;

    LoadContext& m_context;
    NameRegistry& m_names;
    ValueReader m_values;
    BackoffReader m_backoffs;
    PublicationReader m_publications;
};

} // namespace evsim::loader
