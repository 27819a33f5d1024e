#include "simulator/scenario/loader/service_reader.h"

#include "simulator/scenario/loader/member_reader.h"
#include "simulator/scenario/loader/message_text.h"

#include <algorithm>
#include <array>
#include <cstdint>
#include <utility>

namespace evsim::loader {
namespace {

constexpr std::array<std::string_view, 5> kServiceKeys{"name", "instances", "produces", "consumes",
                                                       "reconnect"};
constexpr std::array<std::string_view, 14> kProducerKeys{
    "event", "version", "exchange",   "routing_key", "rate",    "gap",      "count",
    "start", "body",    "persistent", "expiration",  "headers", "confirms", "mandatory"};
// A partitioned log's producers name a topic and a record key; "keys": N cycles through N keys.
constexpr std::array<std::string_view, 15> kLogProducerKeys{
    "event", "version", "topic",   "key",      "keys",       "rate",        "gap", "count",
    "start", "body",    "headers", "confirms", "idempotent", "transaction", "acks"};
// acks (KAFKA12): none, the leader's, every in-sync replica's.
constexpr std::array<std::string_view, 3> kProducerAcks{"0", "1", "all"};
constexpr std::array<std::string_view, 13> kConsumerKeys{"queue",
                                                         "start_at",
                                                         "prefetch",
                                                         "processing",
                                                         "ack",
                                                         "ack_every",
                                                         "failure_probability",
                                                         "on_failure",
                                                         "emits",
                                                         "idempotent",
                                                         "retry",
                                                         "poison",
                                                         "reads"};
// A batch is never larger than what a consumer may hold: the largest prefetch RabbitMQ takes.
constexpr std::uint64_t kMaxAckEvery = 65535;
// A group's members read a partition's records one after another; what AMQP's prefetch and
// batched acks shape has no counterpart there. A retry writes to a retry topic.
constexpr std::array<std::string_view, 13> kLogConsumerKeys{"group",
                                                            "start_at",
                                                            "processing",
                                                            "ack",
                                                            "auto_commit_interval",
                                                            "failure_probability",
                                                            "on_failure",
                                                            "emits",
                                                            "idempotent",
                                                            "retry",
                                                            "poison",
                                                            "transaction",
                                                            "reads"};
constexpr std::array<std::string_view, 4> kEmitKeys{"event", "version", "exchange", "routing_key"};
constexpr std::array<std::string_view, 3> kLogEmitKeys{"event", "version", "topic"};
constexpr std::array<std::string_view, 2> kAcks{"manual", "auto"};
constexpr std::array<std::string_view, 2> kFailureActions{"requeue", "reject"};
// Retry in place (the partition waits: its next record is not read until this one is done)
// or skip it (commit past it).
constexpr std::array<std::string_view, 2> kLogFailureActions{"retry", "skip"};
// More distinct keys than this are better described by a key per message.
constexpr Limit kMaxKeys{1'000'000, "each distinct key is kept once for the whole run"};

} // namespace

std::optional<ServiceSpec> ServiceReader::read(const Json& v, const std::string& path) {
    if (!m_values.isObject(v, path, kServiceKeys)) {
        m_names.markIncomplete(NameKind::Service);
        return std::nullopt;
    }
    ServiceSpec service;
    const Json* name = m_values.require(v, path, "name");
    const auto n = name ? m_values.readString(*name, at(path, "name"), true) : std::nullopt;
    if (n && *n == "broker") {
        m_context.fail(Code::ReservedName, at(path, "name"), "service name \"broker\" is reserved",
                       "network links use \"broker\" for the broker itself; pick another name");
    } else if (n) {
        m_names.declare(NameKind::Service, *n, at(path, "name"));
    } else {
        m_names.markIncomplete(NameKind::Service);
    }
    service.name = n.value_or("");
    if (v.contains("instances")) {
        const std::string p = at(path, "instances");
        const auto instances = m_values.readInteger(v["instances"], p, 1, kMaxInstances);
        service.instances = static_cast<std::uint32_t>(instances.value_or(1));
        countInstances(instances.value_or(0), p);
        if (n && instances) {
            m_names.setInstances(*n, service.instances);
        }
    } else {
        countInstances(1, path);
        if (n) {
            m_names.setInstances(*n, 1);
        }
    }
    if (v.contains("reconnect")) {
        service.reconnect =
            m_backoffs.read(v["reconnect"], at(path, "reconnect"), service.reconnect);
    }
    m_values.forEach(v, path, "produces", kMaxProducers,
                     [&](const Json& e, const std::string& p) { readProducer(e, p, service); });
    m_values.forEach(v, path, "consumes", kMaxConsumers,
                     [&](const Json& e, const std::string& p) { readConsumer(e, p, service); });
    if (const auto pr = v.find("produces"); n && pr != v.end() && pr->is_array() && !pr->empty()) {
        m_names.markProducing(*n);
    }
    // From the document, not from what was read: a broken consumer is still a consumer.
    if (const auto c = v.find("consumes"); n && c != v.end() && c->is_array() && !c->empty()) {
        m_names.markConsuming(*n);
        for (const Json& consumer : *c) {
            if (const auto q = consumer.find(m_names.logWords() ? "group" : "queue");
                consumer.is_object() && q != consumer.end() && q->is_string()) {
                m_names.markConsumes(*n, q->get<std::string>());
            }
        }
    }
    return service;
}

void ServiceReader::readProducer(const Json& v, const std::string& path,
                                 ServiceSpec& service) const {
    const bool logs = m_names.logWords();
    if (!(logs ? m_values.isObject(v, path, kLogProducerKeys)
               : m_values.isObject(v, path, kProducerKeys))) {
        return;
    }
    const Publication pub = m_publications.read(v, path);
    ProducerSpec spec;
    spec.eventType = pub.event;
    spec.schemaVersion = pub.version;
    spec.exchange = pub.exchange;
    spec.routingKey = pub.routingKey;
    if (v.contains("keys")) {
        spec.keyCount = static_cast<std::uint32_t>(
            m_values.readInteger(v["keys"], at(path, "keys"), 1, kMaxKeys).value_or(0));
    }
    if (v.contains("count")) {
        spec.count = m_values.readInteger(v["count"], at(path, "count"), 1, kMaxCount);
    }
    if (v.contains("rate") && v.contains("gap")) {
        m_context.failAtKey(Code::ConflictingKeys, at(path, "gap"),
                            "\"rate\" and \"gap\" are both set; give only one",
                            "\"rate\": \"200/s\" is the same as \"gap\": \"5ms\"");
    } else if (v.contains("rate")) {
        const auto r = m_values.readRate(v["rate"], at(path, "rate"));
        spec.gap = Distribution::constant(r ? r->gap() : SimTime::zero());
    } else if (v.contains("gap")) {
        const auto g = m_distributions.read(v["gap"], at(path, "gap"));
        // A gap that is always 0 would publish without end at one instant and time would stop.
        if (g && g->isEffectivelyZero() && !v.contains("count")) {
            m_context.fail(Code::TimeCannotAdvance, at(path, "gap"),
                           "\"gap\" is always 0, so the producer would never let time pass",
                           "give a \"count\" for a burst, or a gap above 0");
        }
        spec.gap = g.value_or(Distribution());
    } else {
        m_context.fail(Code::MissingKey, path, "missing \"rate\" or \"gap\"",
                       "e.g. \"rate\": \"200/s\" for a steady stream, or \"gap\": { \"dist\": "
                       "\"exponential\", \"mean\": \"5ms\" } for Poisson arrivals");
    }
    if (v.contains("start")) {
        spec.start = m_values.readDuration(v["start"], at(path, "start")).value_or(SimTime::zero());
    }
    if (v.contains("body")) {
        spec.body = m_values.readBody(v["body"], at(path, "body")).value_or("{}");
    }
    m_schemaReader.bindProducer(spec, v.contains("body"), path, m_schemas);
    MessageProperties props = m_properties.read(v, path);
    spec.persistent = props.persistent;
    spec.expiration = props.expiration;
    spec.headers = std::move(props.headers);
    if (v.contains("confirms")) {
        spec.confirms = m_behaviours.readConfirms(v["confirms"], at(path, "confirms"));
    }
    if (logs) {
        spec.idempotent = true; // enable.idempotence: true since Kafka 3.0
        MemberReader(m_values, v, path).boolean("idempotent", spec.idempotent);
        if (v.contains("acks")) {
            readAcks(v, path, spec);
        }
        if (v.contains("transaction")) {
            readTransaction(v, path, spec);
        }
    }
    MemberReader(m_values, v, path).boolean("mandatory", spec.mandatory);
    service.produces.push_back(std::move(spec));
}

void ServiceReader::readAcks(const Json& v, const std::string& path, ProducerSpec& spec) const {
    const std::string p = at(path, "acks");
    const auto acks = m_values.readChoice(v["acks"], p, "acks", kProducerAcks);
    if (!acks) {
        return;
    }
    if (*acks == "0" && v.contains("confirms")) {
        m_context.failAtKey(Code::ConflictingKeys, p,
                            "\"acks\": \"0\" waits for no acknowledgement, so it cannot go with "
                            "\"confirms\"",
                            "use \"acks\": \"1\" or \"all\" to retry unacknowledged records");
        return;
    }
    if (*acks != "all") {
        // Since Kafka 3.2 a producer with acks other than all is not idempotent unless it says
        // so, and one that says so is refused.
        if (v.contains("idempotent") && spec.idempotent) {
            m_context.failAtKey(Code::ConflictingKeys, at(path, "idempotent"),
                                "an idempotent producer waits for every in-sync replica; "
                                "\"idempotent\": true cannot go with \"acks\": \"" +
                                    std::string(*acks) + "\"",
                                "Kafka refuses enable.idempotence without acks=all: use \"acks\": "
                                "\"all\", or leave \"idempotent\" out");
        }
        spec.idempotent = false;
    }
    if (*acks == "0") {
        return;
    }
    spec.leaderAck = *acks == "1";
    if (!spec.confirms) {
        spec.confirms = ConfirmSpec{};
    }
}

void ServiceReader::readTransaction(const Json& v, const std::string& path,
                                    ProducerSpec& spec) const {
    const std::string p = at(path, "transaction");
    spec.transaction = m_behaviours.readTransaction(v["transaction"], p);
    if (!spec.transaction) {
        return;
    }
    if (spec.leaderAck || (v.contains("acks") && !spec.confirms)) {
        m_context.failAtKey(Code::ConflictingKeys, at(path, "acks"),
                            "a transactional producer waits for every in-sync replica; it "
                            "cannot go with \"acks\" other than \"all\"",
                            "Kafka refuses transactional.id without acks=all: use \"acks\": "
                            "\"all\", or leave \"acks\" out");
    } else if (!spec.idempotent) {
        m_context.failAtKey(Code::ConflictingKeys, at(path, "idempotent"),
                            "a transactional producer is idempotent; \"idempotent\": false "
                            "cannot go with \"transaction\"",
                            "Kafka refuses transactional.id without enable.idempotence: leave "
                            "\"idempotent\" out");
    }
    // acks=all and retries: a transaction commits once each of its records is acknowledged.
    if (!spec.confirms) {
        spec.confirms = ConfirmSpec{};
    }
}

void ServiceReader::readConsumer(const Json& v, const std::string& path,
                                 ServiceSpec& service) const {
    const bool logs = m_names.logWords();
    if (!(logs ? m_values.isObject(v, path, kLogConsumerKeys)
               : m_values.isObject(v, path, kConsumerKeys))) {
        return;
    }
    ConsumerSpec spec;
    const std::string_view source = logs ? "group" : "queue";
    if (const Json* q = m_values.require(v, path, source)) {
        spec.queue = m_values.readString(*q, at(path, source), true).value_or("");
        if (!spec.queue.empty()) {
            m_names.check(NameKind::Queue, spec.queue, at(path, source));
        }
    }
    if (v.contains("prefetch")) {
        spec.prefetch = static_cast<std::uint32_t>(
            m_values.readInteger(v["prefetch"], at(path, "prefetch"), 0, kMaxPrefetch).value_or(0));
    }
    if (v.contains("processing")) {
        spec.processing =
            m_distributions.read(v["processing"], at(path, "processing")).value_or(Distribution());
    }
    if (v.contains("ack")) {
        const auto a = m_values.readChoice(v["ack"], at(path, "ack"), "ack mode", kAcks);
        spec.ack = a == "auto" ? AckMode::Auto : AckMode::Manual;
    }
    if (v.contains("ack_every")) {
        const std::string p = at(path, "ack_every");
        spec.ackEvery = static_cast<std::uint32_t>(
            m_values.readInteger(v["ack_every"], p, 1, kMaxAckEvery).value_or(1));
        if (spec.ack == AckMode::Auto && spec.ackEvery > 1) {
            m_context.fail(Code::Inapplicable, p,
                           "\"ack_every\" batches acknowledgements, but with \"ack\": \"auto\" the "
                           "broker settles each delivery as it sends it",
                           "leave \"ack_every\" out, or acknowledge manually");
        }
    }
    if (v.contains("auto_commit_interval")) {
        const std::string p = at(path, "auto_commit_interval");
        spec.autoCommitInterval =
            readPositiveDuration(m_values, v["auto_commit_interval"], p).value_or(SimTime::zero());
        if (spec.ack == AckMode::Auto) {
            m_context.fail(Code::Inapplicable, p,
                           "\"auto_commit_interval\" commits what was processed every interval, "
                           "but with \"ack\": \"auto\" each record is committed as it is read",
                           "leave \"ack\" out to commit every interval, or "
                           "\"auto_commit_interval\" out to commit as records are read");
        }
    }
    if (v.contains("failure_probability")) {
        spec.failureProbability =
            m_values.readProbability(v["failure_probability"], at(path, "failure_probability"))
                .value_or(0);
    }
    if (v.contains("start_at")) {
        spec.startAt =
            m_values.readDuration(v["start_at"], at(path, "start_at")).value_or(SimTime::zero());
    }
    if (v.contains("on_failure")) {
        const auto a =
            m_values.readChoice(v["on_failure"], at(path, "on_failure"), "failure action",
                                logs ? std::span<const std::string_view>(kLogFailureActions)
                                     : std::span<const std::string_view>(kFailureActions));
        spec.onFailure =
            a == "reject" || a == "skip" ? FailureAction::Reject : FailureAction::Requeue;
    }
    m_values.forEach(v, path, "emits", kMaxEmits, [&](const Json& e, const std::string& p) {
        if (logs ? m_values.isObject(e, p, kLogEmitKeys) : m_values.isObject(e, p, kEmitKeys)) {
            const Publication pub = m_publications.read(e, p);
            m_schemaReader.checkVersion(pub.event, pub.version, p, m_schemas);
            spec.emits.push_back({pub.event, pub.version, pub.exchange, pub.routingKey});
        }
    });
    if (v.contains("idempotent")) {
        spec.idempotent = m_behaviours.readIdempotent(v["idempotent"], at(path, "idempotent"));
    }
    if (v.contains("retry")) {
        spec.retry = m_behaviours.readRetry(v["retry"], at(path, "retry"));
    }
    m_values.forEach(v, path, "poison", kMaxPoisonRules, [&](const Json& e, const std::string& p) {
        if (m_values.isObject(e, p, kPoisonRuleKeys)) {
            if (auto rule = m_poisonRules.read(e, p)) {
                spec.poison.push_back(std::move(*rule));
            }
        }
    });
    if (v.contains("transaction")) {
        readConsumerTransaction(v, at(path, "transaction"), spec);
    }
    readReads(v, path, spec);
    service.consumes.push_back(std::move(spec));
}

void ServiceReader::readReads(const Json& v, const std::string& path, ConsumerSpec& spec) const {
    m_values.forEach(v, path, "reads", [&](const Json& e, const std::string& p) {
        auto read = m_schemaReader.readRead(e, p, m_schemas);
        if (!read) {
            return;
        }
        const bool twice =
            std::any_of(spec.reads.begin(), spec.reads.end(),
                        [&](const ReadSpec& r) { return r.eventType == read->eventType; });
        if (twice) {
            m_context.fail(Code::DuplicateName, at(p, "event"),
                           "the consumer reads " + quote(read->eventType) + " twice",
                           "one entry per event type: its version, accepted versions and fields");
            return;
        }
        spec.reads.push_back(std::move(*read));
    });
}

void ServiceReader::readConsumerTransaction(const Json& v, const std::string& p,
                                            ConsumerSpec& spec) const {
    spec.transactionTimeout = m_behaviours.readConsumerTransaction(v["transaction"], p);
    if (!spec.transactionTimeout) {
        return;
    }
    if (spec.emits.empty()) {
        m_context.fail(Code::Inapplicable, p,
                       "a consumer's transaction holds what it writes together with its offset "
                       "commit, and this consumer writes nothing",
                       "add \"emits\", or leave \"transaction\" out");
    } else if (spec.ack == AckMode::Auto || spec.autoCommitInterval > SimTime::zero()) {
        m_context.failAtKey(Code::ConflictingKeys, p,
                            "a consumer's transaction commits each record's offset with what it "
                            "wrote for it, not as records are read or on an interval",
                            "leave \"ack\" and \"auto_commit_interval\" out");
    }
}

// The instances of all services together have a limit too; reported once, at the service
// that goes past it.
void ServiceReader::countInstances(std::uint64_t instances, const std::string& path) {
    m_totalInstances += instances;
    if (m_totalInstances > kMaxTotalInstances.max && !m_totalReported) {
        m_totalReported = true;
        m_context.fail(Code::LimitExceeded, path,
                       "the services' instances add up to " + std::to_string(m_totalInstances) +
                           " with this one; the limit is " +
                           std::to_string(kMaxTotalInstances.max) + " in all",
                       std::string(kMaxTotalInstances.why));
    }
}

} // namespace evsim::loader
