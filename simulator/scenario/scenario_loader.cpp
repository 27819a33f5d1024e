#include "simulator/scenario/scenario_loader.h"

#include "simulator/scenario/loader/alert_reader.h"
#include "simulator/scenario/loader/broker_reader.h"
#include "simulator/scenario/loader/expectation_reader.h"
#include "simulator/scenario/loader/json_document.h"
#include "simulator/scenario/loader/message_text.h"
#include "simulator/scenario/loader/name_registry.h"
#include "simulator/scenario/loader/network_reader.h"
#include "simulator/scenario/loader/schema_reader.h"
#include "simulator/scenario/loader/service_reader.h"
#include "simulator/scenario/loader/timeline_reader.h"
#include "simulator/scenario/loader/value_reader.h"

#include <algorithm>
#include <array>
#include <cerrno>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <exception>
#include <filesystem>
#include <optional>
#include <system_error>
#include <utility>

// The entry to the loader: the file, the top level and the order of the sections. Each section
// has its reader in scenario/loader/ (the only folder whose files see nlohmann_json); they
// share one LoadContext (file, source map, errors) and one NameRegistry (declared names).

namespace evsim {
namespace {

using loader::Json;

// No scenario comes near this; it bounds the memory a hostile file can cost (tens of bytes of
// document and source map per byte of text).
constexpr std::size_t kMaxTextBytes = std::size_t{16} << 20;

constexpr std::array<std::string_view, 13> kTopKeys{
    "$schema",  "name",    "description", "seed",    "duration", "broker", "schemas",
    "services", "network", "timeline",    "metrics", "alerts",   "expect"};

// Reading order matters only for references: the broker before everything that names its
// exchanges and queues, services before links, faults and expectations, the duration before the
// timeline, the timeline and the alerts before the expectations that name them.
void readTop(loader::LoadContext& context, const Json& doc, Scenario& scenario) {
    const loader::ValueReader values(context);
    loader::NameRegistry names(context);
    const std::string root = "$";
    values.isObject(doc, root, kTopKeys);
    if (doc.contains("$schema")) {
        values.readString(doc["$schema"], loader::at(root, "$schema"));
    }
    if (const Json* v = values.require(doc, root, "name")) {
        scenario.name = values.readString(*v, loader::at(root, "name"), true).value_or("");
    }
    if (doc.contains("description")) {
        scenario.description =
            values.readString(doc["description"], loader::at(root, "description")).value_or("");
    }
    if (doc.contains("seed")) {
        scenario.seed =
            values.readInteger(doc["seed"], loader::at(root, "seed"), 0, UINT64_MAX).value_or(1);
    }
    bool durationKnown = true;
    if (doc.contains("duration")) {
        const std::string path = loader::at(root, "duration");
        const auto d = values.readDuration(doc["duration"], path);
        if (d && *d == SimTime::zero()) {
            context.fail(loader::Code::OutOfRange, path, "\"duration\" must be greater than 0");
        }
        durationKnown = d && *d > SimTime::zero();
        scenario.duration = d.value_or(scenario.duration);
    }
    if (doc.contains("broker")) {
        loader::BrokerReader(context, names)
            .read(doc["broker"], loader::at(root, "broker"), scenario.broker);
    }
    if (doc.contains("services") && !doc["services"].is_array()) {
        names.markIncomplete(loader::NameKind::Service);
    }
    const loader::SchemaReader schemas(context);
    values.forEach(doc, root, "schemas", loader::kMaxSchemas,
                   [&](const Json& v, const std::string& path) {
                       if (auto schema = schemas.read(v, path, scenario.schemas)) {
                           scenario.schemas.push_back(std::move(*schema));
                       }
                   });
    loader::ServiceReader services(context, names, scenario.schemas);
    const bool allServices = values.forEach(
        doc, root, "services", loader::kMaxServices, [&](const Json& v, const std::string& path) {
            if (auto service = services.read(v, path)) {
                scenario.services.push_back(std::move(*service));
            }
        });
    if (!allServices) {
        names.markIncomplete(loader::NameKind::Service);
    }
    if (doc.contains("network")) {
        loader::NetworkReader(context, names)
            .read(doc["network"], loader::at(root, "network"), scenario.network);
    }
    const loader::TimelineReader timeline(
        context, names, durationKnown ? std::optional(scenario.duration) : std::nullopt);
    if (doc.contains("timeline") && !doc["timeline"].is_array()) {
        names.markIncomplete(loader::NameKind::Intervention);
    }
    if (!values.forEach(
            doc, root, "timeline", loader::kMaxTimelineEntries,
            [&](const Json& v, const std::string& path) {
                if (auto entry = timeline.read(v, path)) {
                    if (const auto* deploy = std::get_if<RollingDeploy>(&entry->action)) {
                        schemas.checkRollingDeploy(*deploy, loader::at(path, "rolling_deploy"),
                                                   scenario.services, scenario.schemas);
                    }
                    scenario.timeline.push_back(std::move(*entry));
                }
            })) {
        names.markIncomplete(loader::NameKind::Intervention);
    }
    const loader::AlertReader alerts(context, names);
    if (doc.contains("metrics")) {
        alerts.readMetrics(doc["metrics"], loader::at(root, "metrics"), scenario.metrics);
    }
    if (const std::string problem = tooManySamples(scenario.duration, scenario.metrics.interval);
        durationKnown && !problem.empty()) {
        const bool intervalGiven = doc.contains("metrics") && doc["metrics"].is_object() &&
                                   doc["metrics"].contains("interval");
        context.fail(loader::Code::LimitExceeded,
                     intervalGiven ? loader::at(loader::at(root, "metrics"), "interval")
                                   : loader::at(root, "duration"),
                     problem, intervalGiven ? "" : "the interval is the default, 1s (\"metrics\")");
    }
    if (doc.contains("alerts") && !doc["alerts"].is_array()) {
        names.markIncomplete(loader::NameKind::Alert);
    }
    if (!values.forEach(doc, root, "alerts", loader::kMaxAlerts,
                        [&](const Json& v, const std::string& path) {
                            if (auto rule = alerts.read(v, path)) {
                                scenario.alerts.push_back(std::move(*rule));
                            }
                        })) {
        names.markIncomplete(loader::NameKind::Alert);
    }
    const loader::ExpectationReader expectations(context, names);
    values.forEach(doc, root, "expect", loader::kMaxExpectations,
                   [&](const Json& v, const std::string& path) {
                       expectations.read(v, path, scenario.expectations);
                   });
}

LoadResult<Scenario> readScenario(std::string_view text, const std::string& fileName) {
    loader::LoadContext context(text, fileName);
    Scenario scenario;
    if (const auto doc = loader::readJsonDocument(context); doc && !doc->is_object()) {
        context.fail(
            loader::Code::NotAnObject, "$",
            "the top level must be an object, got " + loader::describe(*doc),
            "a scenario is a JSON object such as { \"name\": \"demo\", \"services\": [] }");
    } else if (doc) {
        loader::reportDuplicateKeys(context);
        readTop(context, *doc, scenario);
    }
    LoadResult<Scenario> result;
    if (context.failed()) {
        result.errors = context.takeErrors();
        return result;
    }
    scenario.sourceFile = fileName;
    result.value = std::move(scenario);
    return result;
}

} // namespace

LoadResult<Scenario> parseScenario(std::string_view text, const std::string& fileName) {
    if (text.size() > kMaxTextBytes) {
        LoadResult<Scenario> result;
        result.errors.push_back({LoadErrorCode::FileTooLarge, fileName, 0, 0, "",
                                 "the file is larger than " + std::to_string(kMaxTextBytes >> 20) +
                                     " MiB, which no scenario needs",
                                 ""});
        return result;
    }
    try {
        return readScenario(text, fileName);
    } catch (const std::exception& e) {
        // Nothing above should throw; if something does, it is our bug, not a crash for them.
        LoadResult<Scenario> result;
        result.errors.push_back({LoadErrorCode::Internal, fileName, 0, 0, "",
                                 std::string("internal error while loading: ") + e.what(), ""});
        return result;
    }
}

LoadResult<Scenario> loadScenarioFile(const std::string& path) {
    LoadResult<Scenario> result;
    const auto cannot = [&](const std::string& why) {
        result.errors.push_back(
            {LoadErrorCode::CannotRead, path, 0, 0, "", "cannot read the file: " + why, ""});
        return result;
    };
    std::FILE* file = std::fopen(path.c_str(), "rb");
    if (!file) {
        return cannot(std::strerror(errno));
    }
    std::string text;
    // One allocation for the whole text rather than a doubling series, each of fresh pages.
    std::error_code sizeError;
    const std::uintmax_t size = std::filesystem::file_size(path, sizeError);
    if (!sizeError) {
        text.reserve(static_cast<std::size_t>(std::min<std::uintmax_t>(size, kMaxTextBytes + 1)));
    }
    char buffer[65536];
    std::size_t n = 0;
    while ((n = std::fread(buffer, 1, sizeof buffer, file)) > 0 && text.size() <= kMaxTextBytes) {
        text.append(buffer, n);
    }
    const bool failed = std::ferror(file) != 0;
    const int error = errno;
    std::fclose(file);
    if (failed) {
        return cannot(std::strerror(error)); // a directory fails here, with EISDIR
    }
    return parseScenario(text, path); // which refuses text over kMaxTextBytes
}

} // namespace evsim
