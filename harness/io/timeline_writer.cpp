#include "harness/io/timeline_writer.h"

#include "harness/io/json_text.h"
#include "simulator/scenario/json_source_map.h"

#include <filesystem>
#include <nlohmann/json.hpp>

namespace evsim {
namespace {

using Json = nlohmann::ordered_json;

template <class... Fs> struct Overloaded : Fs... { using Fs::operator()...; };
template <class... Fs> Overloaded(Fs...) -> Overloaded<Fs...>;

Json target(const InstanceTarget& t) {
    Json j;
    j["service"] = t.service;
    if (t.instance) {
        j["instance"] = *t.instance;
    }
    return j;
}

std::string direction(LinkDirection d) {
    switch (d) {
    case LinkDirection::ToBroker:
        return "to_broker";
    case LinkDirection::FromBroker:
        return "from_broker";
    case LinkDirection::Both:
        return "both";
    }
    return "both";
}

// JSON text the file already holds as text (bodies, headers, distributions).
Json raw(const std::string& text) {
    return Json::parse(text, nullptr, false);
}

void poisonRule(Json& j, const PoisonRule& r) {
    if (!r.eventType.empty()) {
        j["event"] = r.eventType;
    }
    if (!r.headerName.empty()) {
        j["header"] = r.headerName;
    }
    if (!r.fieldPath.empty()) {
        j["field"] = r.fieldPath;
    }
    if (r.equals) {
        j["equals"] = raw(*r.equals);
    }
}

} // namespace

std::string timelineEntryJson(const Intervention& i) {
    Json entry;
    entry["at"] = formatDuration(i.at);
    if (!i.name.empty()) {
        entry["name"] = i.name;
    }
    std::visit(Overloaded{
                   [&](const PublishMessage& p) {
                       Json j;
                       if (!p.service.empty()) {
                           j["service"] = p.service;
                       }
                       j["exchange"] = p.exchange;
                       j["routing_key"] = p.routingKey;
                       j["event"] = p.eventType;
                       if (p.schemaVersion != 1) {
                           j["version"] = p.schemaVersion;
                       }
                       j["body"] = raw(p.body);
                       if (p.headers != "{}") {
                           j["headers"] = raw(p.headers);
                       }
                       if (p.persistent) {
                           j["persistent"] = true;
                       }
                       if (p.expiration) {
                           j["expiration"] = formatDuration(*p.expiration);
                       }
                       entry["publish"] = j;
                   },
                   [&](const Crash& c) {
                       Json j = target(c.target);
                       if (c.restartAfter) {
                           j["restart_after"] = formatDuration(*c.restartAfter);
                       }
                       entry["crash"] = j;
                   },
                   [&](const Restart& r) { entry["restart"] = target(r.target); },
                   [&](const SlowDown& s) {
                       Json j = target(s.target);
                       j["factor"] = s.factor;
                       j["for"] = formatDuration(s.duration);
                       entry["slow_down"] = j;
                   },
                   [&](const Pause& p) {
                       Json j = target(p.target);
                       j["for"] = formatDuration(p.duration);
                       entry["pause"] = j;
                   },
                   [&](const Hang& h) {
                       Json j = target(h.target);
                       if (h.duration) {
                           j["for"] = formatDuration(*h.duration);
                       }
                       entry["hang"] = j;
                   },
                   [&](const ErrorBurst& e) {
                       Json j = target(e.target);
                       j["probability"] = e.probability;
                       j["for"] = formatDuration(e.duration);
                       entry["error_burst"] = j;
                   },
                   [&](const Poison& p) {
                       Json j = Json::object();
                       if (!p.service.empty()) {
                           j["service"] = p.service;
                       }
                       poisonRule(j, p.rule);
                       entry["poison"] = j;
                   },
                   [&](const BrokerRestart& b) {
                       entry["broker_restart"] = Json{{"downtime", formatDuration(b.downtime)}};
                   },
                   [&](const PurgeQueue& p) {
                       entry["purge"] = Json{{"queue", p.queue}};
                   },
                   [&](const Seek& s) {
                       Json j{{"group", s.group}};
                       if (s.partition) {
                           j["partition"] = *s.partition;
                       }
                       switch (s.to) {
                       case Seek::To::Earliest:
                       case Seek::To::Latest:
                           j["to"] = s.to == Seek::To::Earliest ? "earliest" : "latest";
                           break;
                       case Seek::To::Offset:
                           j["offset"] = s.offset;
                           break;
                       case Seek::To::Time:
                           j["time"] = formatDuration(s.time);
                           break;
                       }
                       entry["seek"] = j;
                   },
                   [&](const RollingDeploy& d) {
                       entry["rolling_deploy"] = Json{{"service", d.service},
                                                      {"version", d.version},
                                                      {"every", formatDuration(d.every)}};
                   },
                   [&](const BrokerDown& b) {
                       Json j{{"broker", b.broker}};
                       if (b.duration) {
                           j["for"] = formatDuration(*b.duration);
                       }
                       entry["broker_down"] = j;
                   },
                   [&](const SlowBroker& b) {
                       entry["slow_broker"] = Json{{"broker", b.broker},
                                                   {"latency", formatDuration(b.latency)},
                                                   {"for", formatDuration(b.duration)}};
                   },
                   [&](const DeleteExchange& d) {
                       Json j{{"exchange", d.exchange}};
                       if (d.duration) {
                           j["for"] = formatDuration(*d.duration);
                       }
                       entry["delete_exchange"] = j;
                   },
                   [&](const DeclareExchange& d) {
                       entry["declare_exchange"] = Json{{"exchange", d.exchange}};
                   },
                   [&](const Cancel& c) {
                       Json j = target(c.target);
                       if (!c.queue.empty()) {
                           j["queue"] = c.queue;
                       }
                       if (c.duration) {
                           j["for"] = formatDuration(*c.duration);
                       }
                       entry["cancel"] = j;
                   },
                   [&](const LinkFault& f) {
                       Json j = target(f.target);
                       j["direction"] = direction(f.direction);
                       if (f.latency) {
                           j["latency"] = raw(f.latency->json());
                       }
                       if (f.jitter > SimTime::zero()) {
                           j["jitter"] = formatDuration(f.jitter);
                       }
                       if (f.loss > 0) {
                           j["loss"] = f.loss;
                       }
                       if (f.duplicate > 0) {
                           j["duplicate"] = f.duplicate;
                       }
                       if (f.reorder > 0) {
                           j["reorder"] = f.reorder;
                       }
                       if (f.partition) {
                           j["partition"] = true;
                       }
                       if (f.duration) {
                           j["for"] = formatDuration(*f.duration);
                       }
                       entry["network"] = j;
                   },
                   [&](const MessageFault& m) {
                       Json j{{"id", "msg-" + std::to_string(m.message)},
                              {"action", std::string(messageFaultName(m.kind))}};
                       if (m.kind == MessageFaultKind::Delay) {
                           j["by"] = formatDuration(m.delay);
                       }
                       if (m.restartAfter) {
                           j["restart_after"] = formatDuration(*m.restartAfter);
                       }
                       entry["message"] = j;
                   },
                   [&](const Heal& h) {
                       Json j = target(h.target);
                       j["direction"] = direction(h.direction);
                       entry["heal"] = j;
                   },
               },
               i.action);
    return entry.dump(-1, ' ', false, Json::error_handler_t::replace);
}

std::string withSchemaMovedTo(std::string_view text, const std::string& fromPath,
                              const std::string& toPath) {
    namespace fs = std::filesystem;
    const JsonSourceMap map(text);
    const auto at = map.valueAt(R"($["$schema"])");
    if (!at || map.problem()) {
        return std::string(text);
    }
    const std::size_t open = jsonOffsetOf(text, *at);
    if (open >= text.size() || text[open] != '"') {
        return std::string(text);
    }
    std::size_t close = open + 1;
    while (close < text.size() && text[close] != '"') {
        close += text[close] == '\\' ? 2 : 1;
    }
    const nlohmann::json value =
        nlohmann::json::parse(text.substr(open, close + 1 - open), nullptr, false);
    if (!value.is_string()) {
        return std::string(text);
    }
    const fs::path schema(value.get<std::string>());
    const fs::path fromDir = fs::absolute(fs::path(fromPath)).parent_path();
    const fs::path toDir = fs::absolute(fs::path(toPath)).parent_path();
    if (schema.empty() || schema.is_absolute() || schema.has_root_name() ||
        value.get<std::string>().find("://") != std::string::npos ||
        fromDir.lexically_normal() == toDir.lexically_normal()) {
        return std::string(text);
    }
    const fs::path target = (fromDir / schema).lexically_normal();
    fs::path moved = target.lexically_relative(toDir.lexically_normal());
    if (moved.empty()) {
        moved = target; // no relative way there (another drive): the absolute path
    }
    std::string out(text);
    out.replace(open, close + 1 - open, nlohmann::json(moved.generic_string()).dump());
    return out;
}

std::optional<std::string> withTimelineEntries(std::string_view text,
                                               const std::vector<Intervention>& entries,
                                               std::string& error) {
    const JsonSourceMap map(text);
    const auto root = map.valueAt("$");
    if (!root || map.problem()) {
        error = "the scenario file is not a JSON object any more; it cannot be saved into";
        return std::nullopt;
    }
    std::string added;
    for (const Intervention& i : entries) {
        added += (added.empty() ? "\n    " : ",\n    ") + timelineEntryJson(i);
    }
    std::string out(text);
    if (const auto timeline = map.valueAt("$.timeline")) {
        const std::size_t open = jsonOffsetOf(text, *timeline);
        const std::size_t close = jsonValueEnd(text, open) - 1; // the ']'
        const bool empty = !map.valueAt("$.timeline[0]");
        out.insert(close, (empty ? "" : ",") + added + "\n  ");
        return out;
    }
    // A new member goes first in the object: no comma or comment of the last one to mind.
    const std::size_t open = jsonOffsetOf(text, *root);
    const bool emptyObject = !map.keyAt("$.name") && text.find(':', open) == std::string_view::npos;
    out.insert(open + 1, "\n  \"timeline\": [" + added + "\n  ]" + (emptyObject ? "\n" : ","));
    return out;
}

} // namespace evsim
