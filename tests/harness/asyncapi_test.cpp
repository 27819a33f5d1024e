// AsyncAPI 3.0 export and import (`evsim export|import asyncapi`): every bundled scenario goes
// out as documents and comes back with the same topology, services and message types.
#include "harness/asyncapi/asyncapi_export.h"
#include "harness/asyncapi/asyncapi_import.h"
#include "harness/asyncapi/schema_json.h"
#include "harness/cli/yaml_json.h"
#include "harness/definitions/definitions_export.h"
#include "simulator/scenario/scenario_loader.h"

#include <filesystem>
#include <gtest/gtest.h>
#include <set>
#include <string>
#include <vector>

namespace evsim {
namespace {

namespace fs = std::filesystem;

// What must survive the round trip, one line per fact, sorted.
std::multiset<std::string> factsOf(const Scenario& s) {
    std::multiset<std::string> out;
    out.insert(std::string("kind ") + (s.broker.kind == BrokerKind::Kafka ? "kafka" : "amqp"));
    for (const ExchangeSpec& x : s.broker.amqp.exchanges) {
        out.insert("exchange " + x.name + " " + std::string(exchangeTypeName(x.type)) + " " +
                   x.alternateExchange.value_or("-"));
    }
    for (const QueueSpec& q : s.broker.amqp.queues) {
        out.insert("queue " + q.name + " " + (q.durable ? "durable " : "transient ") +
                   rabbitMqQueueArguments(q));
    }
    for (const BindingSpec& b : s.broker.amqp.bindings) {
        out.insert("binding " + b.exchange + " -> " + b.queue + b.toExchange + " key " + b.key +
                   " " + b.arguments);
    }
    for (const TopicSpec& t : s.broker.kafka.topics) {
        out.insert("topic " + t.name + " " + std::to_string(t.partitions) + "x" +
                   std::to_string(t.replicationFactor));
    }
    for (const GroupSpec& g : s.broker.kafka.groups) {
        out.insert("group " + g.name + " reads " + g.topic);
    }
    if (s.broker.kind == BrokerKind::Kafka) {
        out.insert("brokers " + std::to_string(s.broker.kafka.brokers));
    }
    for (const ServiceSpec& service : s.services) {
        for (const ProducerSpec& p : service.produces) {
            out.insert(service.name + " sends " + p.eventType + " v" +
                       std::to_string(p.schemaVersion) + " to " + p.exchange + " key " +
                       p.routingKey);
        }
        for (const ConsumerSpec& c : service.consumes) {
            out.insert(service.name + " consumes " + c.queue);
            for (const EmitSpec& e : c.emits) {
                out.insert(service.name + " sends " + e.eventType + " v" +
                           std::to_string(e.schemaVersion) + " to " + e.exchange + " key " +
                           e.routingKey);
            }
        }
    }
    for (const EventSchema& schema : s.schemas) {
        for (const SchemaVersion& v : schema.versions) {
            out.insert("schema " + schema.eventType + " v" + std::to_string(v.version) + " " +
                       std::string(compatibilityName(schema.compatibility)) + " " +
                       schemaToJson(v.schema));
        }
    }
    return out;
}

std::vector<std::string> diff(const std::multiset<std::string>& a,
                              const std::multiset<std::string>& b) {
    std::vector<std::string> out;
    std::set_symmetric_difference(a.begin(), a.end(), b.begin(), b.end(), std::back_inserter(out));
    return out;
}

TEST(AsyncApi, EveryBundledScenarioComesBackWithItsTopologyServicesAndMessageTypes) {
    std::size_t scenarios = 0;
    for (const auto& entry : fs::directory_iterator(fs::path(EVSIM_SOURCE_DIR) / "scenarios")) {
        if (entry.path().extension() != ".json") {
            continue;
        }
        SCOPED_TRACE(entry.path().filename().string());
        const auto loaded = loadScenarioFile(entry.path().string());
        ASSERT_TRUE(loaded.ok()) << formatErrors(loaded.errors);
        std::vector<AsyncApiSource> sources;
        for (const AsyncApiDocument& d : exportAsyncApi(*loaded.value)) {
            sources.push_back({d.fileName, d.text});
        }
        ASSERT_EQ(sources.size(), loaded.value->services.size()) << "a document per service";
        const auto imported = importAsyncApi(sources, loaded.value->name);
        ASSERT_TRUE(std::holds_alternative<AsyncApiImport>(imported))
            << std::get<std::string>(imported);
        const std::string& text = std::get<AsyncApiImport>(imported).scenario;
        const auto back = parseScenario(text, "back.json");
        ASSERT_TRUE(back.ok()) << formatErrors(back.errors) << text;
        EXPECT_EQ(diff(factsOf(*loaded.value), factsOf(*back.value)), std::vector<std::string>{});
        ++scenarios;
    }
    EXPECT_GE(scenarios, 20u);
}

TEST(AsyncApi, AForeignYamlDocumentMapsAndSaysWhatItLeftOut) {
    const std::string yaml = R"(asyncapi: 3.0.0
info: { title: inventory, version: 2.1.0 }
servers:
  prod: { host: "mq.example.com:5672", protocol: amqp }
channels:
  stock:
    address: stock.changed
    bindings: { amqp: { is: routingKey, exchange: { name: stock, type: topic } } }
    messages:
      StockChanged:
        name: StockChanged
        payload:
          type: object
          properties:
            sku: { type: string, pattern: "^[A-Z]+$" }
            count: { type: integer }
          required: [sku]
operations:
  publishStock:
    action: send
    channel: { $ref: "#/channels/stock" }
    bindings: { amqp: { cc: ["stock.eu"] } }
  watchStock:
    action: receive
    channel: { $ref: "#/channels/stock" }
)";
    std::string error;
    const auto json = yamlToJson(yaml, error);
    ASSERT_TRUE(json) << error;
    const auto imported = importAsyncApi({{"inventory.yaml", *json}}, "inventory");
    ASSERT_TRUE(std::holds_alternative<AsyncApiImport>(imported))
        << std::get<std::string>(imported);
    const AsyncApiImport& result = std::get<AsyncApiImport>(imported);
    const auto back = parseScenario(result.scenario, "inventory.json");
    ASSERT_TRUE(back.ok()) << formatErrors(back.errors) << result.scenario;
    const Scenario& s = *back.value;
    ASSERT_EQ(s.services.size(), 1u);
    EXPECT_EQ(s.services[0].name, "inventory");
    EXPECT_EQ(s.services[0].produces[0].routingKey, "stock.eu");
    EXPECT_TRUE(s.services[0].produces[0].bodyFromSchema) << "a body from the payload schema";
    EXPECT_EQ(s.services[0].consumes[0].queue, "inventory.stock");
    EXPECT_EQ(s.schemas.at(0).eventType, "StockChanged");
    const std::string notes = [&] {
        std::string all;
        for (const std::string& n : result.notes) {
            all += n + "\n";
        }
        return all;
    }();
    EXPECT_NE(notes.find("schema keyword properties.sku.pattern is not in the subset"),
              std::string::npos)
        << notes;
    EXPECT_NE(notes.find("given queue inventory.stock"), std::string::npos) << notes;
    EXPECT_NE(notes.find("servers"), std::string::npos) << notes;
    // An AsyncAPI 2 document is refused, by name.
    const auto old = importAsyncApi({{"old.json", R"({"asyncapi":"2.6.0"})"}}, "x");
    ASSERT_TRUE(std::holds_alternative<std::string>(old));
    EXPECT_NE(std::get<std::string>(old).find("old.json: AsyncAPI 2.6.0"), std::string::npos);
}

} // namespace
} // namespace evsim
