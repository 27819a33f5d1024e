#include "harness/session/intervention_choices.h"

#include <algorithm>

namespace evsim {
namespace {

constexpr std::uint32_t kBurstSize = 50;
// The header a poison message carries, and the rule that makes every consumer fail on it.
constexpr const char* kPoisonHeader = "x-evsim-poison";

SimTime seconds(int s) {
    return SimTime::fromSeconds(s);
}

// A message as `producer` of `service` would publish it.
PublishMessage likeProducer(const std::string& service, const ProducerSpec& producer) {
    PublishMessage m;
    m.service = service;
    m.exchange = producer.exchange;
    m.routingKey = producer.routingKey;
    m.eventType = producer.eventType;
    m.schemaVersion = producer.schemaVersion;
    m.body = producer.body;
    m.headers = producer.headers;
    m.persistent = producer.persistent;
    m.expiration = producer.expiration;
    return m;
}

std::string withPoisonHeader(const std::string& headers) {
    // Headers are a JSON object's text: add the marker as its first member.
    const std::size_t open = headers.find('{');
    if (open == std::string::npos) {
        return std::string("{\"") + kPoisonHeader + "\":true}";
    }
    const bool empty = headers.find_first_not_of(" \t\r\n", open + 1) == headers.find('}', open);
    return headers.substr(0, open + 1) + "\"" + kPoisonHeader + "\":true" + (empty ? "" : ",") +
           headers.substr(open + 1);
}

void addPublishChoices(std::vector<InterventionChoice>& out, const PublishMessage& message) {
    out.push_back({"Publish one " + message.eventType + " now",
                   "Publish",
                   "Publishes one message as the producer would, at the cursor",
                   false,
                   {},
                   [message](SimTime at, SimTime) {
                       return std::vector<Intervention>{{at, message}};
                   }});
    out.push_back({"Publish a poison " + message.eventType,
                   "Publish",
                   "Publishes one message that every consumer fails to process, every time: "
                   "watch it loop, retry or land in a dead-letter queue",
                   false,
                   {},
                   [message](SimTime at, SimTime) {
                       PublishMessage poison = message;
                       poison.headers = withPoisonHeader(message.headers);
                       Poison rule;
                       rule.rule.headerName = kPoisonHeader;
                       return std::vector<Intervention>{{at, rule}, {at, poison}};
                   }});
    out.push_back({"Publish a burst of " + std::to_string(kBurstSize) + " " + message.eventType,
                   "Publish",
                   "Publishes 50 messages at once, at the cursor",
                   false,
                   {},
                   [message](SimTime at, SimTime) {
                       return std::vector<Intervention>(kBurstSize, Intervention{at, message});
                   }});
}

void addInstanceChoices(std::vector<InterventionChoice>& out, const InstanceTarget& target) {
    const auto one = [](auto action) {
        return [action](SimTime at, SimTime duration) mutable {
            if constexpr (requires { action.duration = duration; }) {
                action.duration = duration;
            }
            return std::vector<Intervention>{{at, action}};
        };
    };
    out.push_back({"Crash, restart after…", "Instance",
                   "The instance stops; the broker requeues what it had not acknowledged; it comes "
                   "back after the time you give",
                   true, seconds(10), [target](SimTime at, SimTime d) {
                       return std::vector<Intervention>{{at, Crash{target, d}}};
                   }});
    out.push_back({"Crash (stays down)",
                   "Instance",
                   "The instance stops until you restart it",
                   false,
                   {},
                   one(Crash{target, std::nullopt})});
    out.push_back({"Restart",
                   "Instance",
                   "A crashed or hung instance starts again",
                   false,
                   {},
                   one(Restart{target})});
    out.push_back({"Slow down ×5 for…", "Instance", "Processing takes five times as long", true,
                   seconds(10), one(SlowDown{target, 5, {}})});
    out.push_back({"Pause for…", "Instance",
                   "A stop-the-world pause: nothing runs, then it goes on where it was", true,
                   seconds(5), one(Pause{target, {}})});
    out.push_back({"Hang for…", "Instance",
                   "Keeps taking deliveries but never finishes one, holding its prefetch", true,
                   seconds(10), one(Hang{target, {}})});
    out.push_back({"Fail half its messages for…", "Instance",
                   "Each processing attempt fails with probability 0.5", true, seconds(10),
                   one(ErrorBurst{target, 0.5, {}})});
}

// basic.cancel for the target's consumers of `queue` ("" all of them), for a while or for good.
void addCancelChoices(std::vector<InterventionChoice>& out, const InstanceTarget& target,
                      const std::string& queue) {
    const std::string what = queue.empty() ? "its consumers" : "its consumer of " + queue;
    out.push_back({"Cancel consuming for…", "Consumer",
                   "basic.cancel: the queue sends " + what +
                       " nothing more; what they hold they still process and acknowledge; "
                       "they consume again after the time you give",
                   true, seconds(10), [target, queue](SimTime at, SimTime d) {
                       return std::vector<Intervention>{{at, Cancel{target, queue, d}}};
                   }});
    out.push_back({"Cancel consuming (for good)",
                   "Consumer",
                   "basic.cancel for the rest of the run, across reconnects and restarts",
                   false,
                   {},
                   [target, queue](SimTime at, SimTime) {
                       return std::vector<Intervention>{{at, Cancel{target, queue, std::nullopt}}};
                   }});
}

// Deleting an exchange (AMQP20) and declaring it again.
void addExchangeChoices(std::vector<InterventionChoice>& out, const std::string& exchange) {
    out.push_back({"Delete for…", "Exchange",
                   "A publish to it gets 404 NOT_FOUND, which closes the publisher's channel; "
                   "its bindings route nothing. It is declared again, with its bindings, after "
                   "the time you give",
                   true, seconds(5), [exchange](SimTime at, SimTime d) {
                       return std::vector<Intervention>{{at, DeleteExchange{exchange, d}}};
                   }});
    out.push_back(
        {"Delete (until declared again)",
         "Exchange",
         "A publish to it gets 404 NOT_FOUND until you declare it again",
         false,
         {},
         [exchange](SimTime at, SimTime) {
             return std::vector<Intervention>{{at, DeleteExchange{exchange, std::nullopt}}};
         }});
    out.push_back({"Declare again",
                   "Exchange",
                   "A deleted exchange is declared again, with the bindings the scenario gives it",
                   false,
                   {},
                   [exchange](SimTime at, SimTime) {
                       return std::vector<Intervention>{{at, DeclareExchange{exchange}}};
                   }});
}

void addLinkChoices(std::vector<InterventionChoice>& out, const InstanceTarget& target,
                    LinkDirection direction) {
    const auto fault = [target, direction](auto tweak) {
        return [target, direction, tweak](SimTime at, SimTime d) {
            LinkFault f;
            f.target = target;
            f.direction = direction;
            f.duration = d;
            tweak(f);
            return std::vector<Intervention>{{at, f}};
        };
    };
    out.push_back({"Add 200 ms latency for…", "Network",
                   "Every message on the link takes 200 ms "
                   "more, with up to 50 ms jitter",
                   true, seconds(10), fault([](LinkFault& f) {
                       f.latency = Distribution::constant(SimTime::fromMillis(200));
                       f.jitter = SimTime::fromMillis(50);
                   })});
    out.push_back({"Lose 20% for…", "Network", "One message in five is lost on the link", true,
                   seconds(10), fault([](LinkFault& f) { f.loss = 0.2; })});
    out.push_back({"Duplicate 10% for…", "Network", "One message in ten arrives twice", true,
                   seconds(10), fault([](LinkFault& f) { f.duplicate = 0.1; })});
    out.push_back({"Partition for…", "Network", "Nothing crosses the link", true, seconds(10),
                   fault([](LinkFault& f) { f.partition = true; })});
    out.push_back({"Heal",
                   "Network",
                   "The link goes back to its declared conditions",
                   false,
                   {},
                   [target, direction](SimTime at, SimTime) {
                       return std::vector<Intervention>{{at, Heal{target, direction}}};
                   }});
}

const ServiceSpec* serviceNamed(const Scenario& scenario, std::string_view name) {
    const auto it = std::find_if(scenario.services.begin(), scenario.services.end(),
                                 [&](const ServiceSpec& s) { return s.name == name; });
    return it == scenario.services.end() ? nullptr : &*it;
}

// A log's consumer group moves its offsets (KAFKA07).
void addSeekChoices(std::vector<InterventionChoice>& out, const std::string& group) {
    const auto seekTo = [group](Seek::To to) {
        return [group, to](SimTime at, SimTime) {
            Seek s;
            s.group = group;
            s.to = to;
            return std::vector<Intervention>{{at, s}};
        };
    };
    out.push_back({"Seek to the earliest offset",
                   "Group",
                   "Reads the whole log again, from what retention left: committed records "
                   "are processed a second time",
                   false,
                   {},
                   seekTo(Seek::To::Earliest)});
    out.push_back({"Seek to the latest offset",
                   "Group",
                   "Skips everything not read yet: the group reads only what is written next",
                   false,
                   {},
                   seekTo(Seek::To::Latest)});
    out.push_back({"Replay the last…", "Group",
                   "Seeks back to the first record written that long ago, and reads on from "
                   "there",
                   true, seconds(30), [group](SimTime at, SimTime back) {
                       Seek s;
                       s.group = group;
                       s.to = Seek::To::Time;
                       s.time = back < at ? at - back : SimTime::zero();
                       return std::vector<Intervention>{{at, s}};
                   }});
}

} // namespace

std::vector<InterventionChoice> interventionChoices(const Scenario& scenario,
                                                    const EntityTable& entities, EntityId target) {
    std::vector<InterventionChoice> out;
    if (target == kNoEntity || target >= entities.size()) {
        return out;
    }
    const EntityInfo& e = entities[target];
    switch (e.kind) {
    case EntityKind::Service:
    case EntityKind::Instance:
    case EntityKind::Producer:
    case EntityKind::Consumer: {
        const std::string serviceName =
            e.kind == EntityKind::Service ? e.name : entities[e.parent].name;
        const ServiceSpec* service = serviceNamed(scenario, serviceName);
        if (service == nullptr) {
            break;
        }
        InstanceTarget instance{serviceName, std::nullopt};
        if (e.kind != EntityKind::Service) {
            instance.instance = e.instance;
        }
        if (e.kind == EntityKind::Producer || e.kind == EntityKind::Service) {
            for (const ProducerSpec& p : service->produces) {
                if (e.kind == EntityKind::Service || e.name.ends_with("/" + p.eventType)) {
                    addPublishChoices(out, likeProducer(serviceName, p));
                }
            }
        }
        addInstanceChoices(out, instance);
        if (!service->consumes.empty() && e.kind != EntityKind::Producer) {
            // A consumer is "billing#0<-billing.orders": its queue follows the arrow.
            const std::size_t arrow = e.name.find("<-");
            addCancelChoices(out, instance,
                             e.kind == EntityKind::Consumer && arrow != std::string::npos
                                 ? e.name.substr(arrow + 2)
                                 : std::string());
        }
        addLinkChoices(out, instance, LinkDirection::Both);
        break;
    }
    case EntityKind::Link: {
        // "billing->broker" or "broker->billing": every instance of the service, one way.
        const bool toBroker = e.name.ends_with("->broker");
        const std::string service =
            toBroker ? e.name.substr(0, e.name.size() - 8) : e.name.substr(8);
        if (serviceNamed(scenario, service) != nullptr) {
            addLinkChoices(out, InstanceTarget{service, std::nullopt},
                           toBroker ? LinkDirection::ToBroker : LinkDirection::FromBroker);
        }
        break;
    }
    case EntityKind::Queue:
        if (scenario.broker.kind == BrokerKind::Kafka) {
            addSeekChoices(out, e.name);
            break;
        }
        out.push_back({"Purge",
                       "Queue",
                       "Removes every ready message (unacked ones stay)",
                       false,
                       {},
                       [name = e.name](SimTime at, SimTime) {
                           return std::vector<Intervention>{{at, PurgeQueue{name}}};
                       }});
        break;
    case EntityKind::Exchange: {
        const auto& exchanges = scenario.broker.amqp.exchanges;
        const bool declared = std::any_of(exchanges.begin(), exchanges.end(),
                                          [&](const ExchangeSpec& x) { return x.name == e.name; });
        if (declared) { // never the default exchange, which RabbitMQ refuses to delete
            addExchangeChoices(out, e.name);
        }
        break;
    }
    case EntityKind::Broker:
        return runWideChoices(scenario);
    default:
        break;
    }
    return out;
}

std::vector<InterventionChoice> runWideChoices(const Scenario& scenario) {
    std::vector<InterventionChoice> out{
        {"Restart the broker, down for…", "Broker",
         "The broker goes down; durable queues keep their persistent messages, everything "
         "else is lost; clients reconnect",
         true, seconds(5), [](SimTime at, SimTime d) {
             return std::vector<Intervention>{{at, BrokerRestart{d}}};
         }}};
    const std::uint32_t brokers =
        scenario.broker.kind == BrokerKind::Kafka ? scenario.broker.kafka.brokers : 0;
    for (std::uint32_t b = 1; b <= brokers && brokers > 1; ++b) {
        const std::string name = clusterBrokerName(b);
        out.push_back({"Stop " + name + " for…", "Cluster",
                       "Its partitions have no leader until the controller elects another; what "
                       "no follower copied is cut (KAFKA12)",
                       true, seconds(30), [b](SimTime at, SimTime d) {
                           return std::vector<Intervention>{{at, BrokerDown{b, d}}};
                       }});
        out.push_back(
            {"Slow " + name + " by 500 ms for…", "Cluster",
             "Every answer it gives is 500 ms late: what it leads, and acks=all writes "
             "waiting for its copies",
             true, seconds(30), [b](SimTime at, SimTime d) {
                 return std::vector<Intervention>{{at, SlowBroker{b, SimTime::fromMillis(500), d}}};
             }});
    }
    return out;
}

std::vector<InterventionChoice> messageChoices(std::uint32_t message) {
    const auto single = [message](MessageFaultKind kind) {
        return [message, kind](SimTime at, SimTime d) {
            MessageFault f;
            f.message = message;
            f.kind = kind;
            if (kind == MessageFaultKind::Delay) {
                f.delay = d;
            } else if (kind == MessageFaultKind::CrashReceiver) {
                f.restartAfter = d;
            }
            return std::vector<Intervention>{{at, f}};
        };
    };
    const std::string group = "Message";
    return {
        {"Drop on its next hop",
         group,
         "Its next hop loses it: a publish never reaches the broker; a delivery stays unacked "
         "at the broker until its channel closes",
         false,
         {},
         single(MessageFaultKind::Drop)},
        {"Duplicate on its next hop",
         group,
         "Its next hop delivers it twice, as a flaky network might",
         false,
         {},
         single(MessageFaultKind::Duplicate)},
        {"Delay its next hop by…", group,
         "It arrives this much later; the messages behind it overtake it", true,
         SimTime::fromSeconds(1), single(MessageFaultKind::Delay)},
        {"Crash the instance it reaches for…", group,
         "The consumer instance it is next delivered to crashes as it arrives, and restarts "
         "after this long; what it held goes back to the queue",
         true, seconds(5), single(MessageFaultKind::CrashReceiver)},
    };
}

} // namespace evsim
