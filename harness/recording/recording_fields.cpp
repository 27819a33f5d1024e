#include "harness/recording/recording_fields.h"

#include "simulator/scenario/did_you_mean.h"
#include "simulator/scenario/json_scanner.h"
#include "simulator/scenario/json_source_map.h"

#include <algorithm>
#include <charconv>
#include <fmt/format.h>

namespace evsim::recording {
namespace {

const std::string kRoot = "$";
constexpr const char* kWhatIsIt = "is this an .evrec file written by `evsim record`?";

// The keys of version 1, in the order they are written.
const std::vector<std::string>& version1Keys() {
    static const std::vector<std::string> keys{
        "format",  "version",  "engine",        "scenario_file",    "scenario",
        "seed",    "until_ns", "interventions", "checkpoint_every", "checkpoints",
        "records", "digest",   "summary"};
    return keys;
}

} // namespace

void FieldReader::error(LoadErrorCode code, std::string path, std::string message,
                        std::string hint) {
    m_errors.push_back(
        LoadError{code, m_file, 0, 0, std::move(path), std::move(message), std::move(hint)});
}

void FieldReader::locate(std::string_view text) {
    std::vector<std::string> paths;
    for (const LoadError& e : m_errors) {
        paths.push_back(e.jsonPath.empty() ? kRoot : e.jsonPath);
    }
    const std::vector<SourcePosition> at = locateJsonPaths(text, paths);
    for (std::size_t i = 0; i < m_errors.size(); ++i) {
        if (m_errors[i].line == 0) {
            m_errors[i].line = at[i].line;
            m_errors[i].column = at[i].column;
        }
    }
    std::stable_sort(m_errors.begin(), m_errors.end(), [](const LoadError& a, const LoadError& b) {
        return std::pair(a.line, a.column) < std::pair(b.line, b.column);
    });
}

void FieldReader::onlyKeys(const Json& object, const std::string& path,
                           const std::vector<std::string>& keys) {
    for (const auto& [key, value] : object.items()) {
        if (std::find(keys.begin(), keys.end(), key) == keys.end()) {
            error(LoadErrorCode::UnknownKey, JsonSourceMap::memberPath(path, key),
                  fmt::format("unknown key \"{}\"", key), didYouMean(key, keys));
        }
    }
}

const Json* FieldReader::member(const Json& object, const std::string& path,
                                const std::string& key) {
    const auto it = object.find(key);
    if (it == object.end()) {
        error(LoadErrorCode::MissingKey, path, fmt::format("missing key \"{}\"", key));
        return nullptr;
    }
    return &*it;
}

bool FieldReader::unsignedAt(const Json& object, const std::string& path, const std::string& key,
                             std::uint64_t& out) {
    const Json* v = member(object, path, key);
    if (v == nullptr) {
        return false;
    }
    if (!v->is_number_unsigned()) {
        error(LoadErrorCode::WrongType, JsonSourceMap::memberPath(path, key),
              fmt::format("\"{}\" must be a whole number of at least 0", key));
        return false;
    }
    out = v->get<std::uint64_t>();
    return true;
}

bool FieldReader::timeAt(const Json& object, const std::string& path, const std::string& key,
                         SimTime& out) {
    std::uint64_t ns = 0;
    if (!unsignedAt(object, path, key, ns)) {
        return false;
    }
    if (ns > static_cast<std::uint64_t>(INT64_MAX)) {
        error(LoadErrorCode::OutOfRange, JsonSourceMap::memberPath(path, key),
              fmt::format("\"{}\" is beyond the longest run (2^63-1 ns)", key));
        return false;
    }
    out = SimTime::fromNanos(static_cast<std::int64_t>(ns));
    return true;
}

bool FieldReader::stringAt(const Json& object, const std::string& path, const std::string& key,
                           std::string& out) {
    const Json* v = member(object, path, key);
    if (v == nullptr) {
        return false;
    }
    if (!v->is_string()) {
        error(LoadErrorCode::WrongType, JsonSourceMap::memberPath(path, key),
              fmt::format("\"{}\" must be a string", key));
        return false;
    }
    out = v->get<std::string>();
    return true;
}

bool FieldReader::digestAt(const Json& object, const std::string& path, const std::string& key,
                           std::uint64_t& out) {
    std::string text;
    if (!stringAt(object, path, key, text)) {
        return false;
    }
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), out, 16);
    if (text.size() != 16 || ec != std::errc{} || end != text.data() + text.size() ||
        text.find_first_not_of("0123456789abcdef") != std::string::npos) {
        error(LoadErrorCode::WrongType, JsonSourceMap::memberPath(path, key),
              fmt::format("\"{}\" must be 16 lowercase hex digits", key));
        return false;
    }
    return true;
}

bool FieldReader::readHeader(const Json& doc, int& version) {
    std::string format;
    if (stringAt(doc, kRoot, "format", format) && format != kRecordingFormat) {
        error(LoadErrorCode::UnknownChoice, "$.format",
              fmt::format("\"format\" must be \"{}\"", kRecordingFormat), kWhatIsIt);
    }
    std::uint64_t v = 0;
    if (unsignedAt(doc, kRoot, "version", v)) {
        if (v > static_cast<std::uint64_t>(kRecordingVersion)) {
            error(LoadErrorCode::LimitExceeded, "$.version",
                  fmt::format("recording format version {} is newer than this evsim "
                              "understands ({}); update evsim",
                              v, kRecordingVersion));
        } else if (v == 0) {
            error(LoadErrorCode::OutOfRange, "$.version", "recording format versions start at 1");
        }
    }
    version = static_cast<int>(std::min<std::uint64_t>(v, kRecordingVersion));
    return m_errors.empty();
}

void FieldReader::readSummary(const Json& j, const std::string& path) {
    if (!j.is_object()) {
        error(LoadErrorCode::WrongType, path, "\"summary\" must be an object");
        return;
    }
    RecordingSummary& s = m_out.summary;
    onlyKeys(j, path,
             {"events", "last_event_ns", "published", "acked", "dropped", "dead_lettered", "held",
              "expectations_passed", "expectations_failed"});
    unsignedAt(j, path, "events", s.events);
    timeAt(j, path, "last_event_ns", s.lastEventTime);
    unsignedAt(j, path, "published", s.published);
    unsignedAt(j, path, "acked", s.acked);
    unsignedAt(j, path, "dropped", s.dropped);
    unsignedAt(j, path, "dead_lettered", s.deadLettered);
    unsignedAt(j, path, "held", s.held);
    unsignedAt(j, path, "expectations_passed", s.expectationsPassed);
    unsignedAt(j, path, "expectations_failed", s.expectationsFailed);
}

void FieldReader::readCheckpoint(const Json& element) {
    const std::string at = JsonSourceMap::elementPath("$.checkpoints", m_checkpointIndex++);
    if (!element.is_object()) {
        error(LoadErrorCode::WrongType, at, "a checkpoint must be an object");
        return;
    }
    onlyKeys(element, at, {"record", "t_ns", "digest"});
    Checkpoint c;
    bool read = unsignedAt(element, at, "record", c.record);
    read = timeAt(element, at, "t_ns", c.time) && read;
    read = digestAt(element, at, "digest", c.digest) && read;
    if (read) {
        m_out.checkpoints.push_back(c);
    }
}

void FieldReader::readInterventions(const Json& j, const std::string& path) {
    if (!j.is_array()) {
        error(LoadErrorCode::WrongType, path, "\"interventions\" must be an array");
        return;
    }
    for (std::size_t i = 0; i < j.size(); ++i) {
        if (!j[i].is_object()) {
            error(LoadErrorCode::WrongType, JsonSourceMap::elementPath(path, i),
                  "an intervention must be an object (a scenario timeline entry)");
            continue;
        }
        m_out.interventions.push_back(j[i].dump());
    }
}

void FieldReader::readVersion1(const Json& doc) {
    onlyKeys(doc, kRoot, version1Keys());
    stringAt(doc, kRoot, "engine", m_out.engine);
    stringAt(doc, kRoot, "scenario_file", m_out.scenarioFile);
    stringAt(doc, kRoot, "scenario", m_out.scenario);
    unsignedAt(doc, kRoot, "seed", m_out.seed);
    if (timeAt(doc, kRoot, "until_ns", m_out.until) && m_out.until <= SimTime::zero()) {
        error(LoadErrorCode::OutOfRange, "$.until_ns", "\"until_ns\" must be above 0");
    }
    if (const Json* j = member(doc, kRoot, "interventions")) {
        readInterventions(*j, "$.interventions");
    }
    if (unsignedAt(doc, kRoot, "checkpoint_every", m_out.checkpointEvery) &&
        m_out.checkpointEvery == 0) {
        error(LoadErrorCode::OutOfRange, "$.checkpoint_every",
              "\"checkpoint_every\" must be at least 1");
    }
    if (const Json* j = member(doc, kRoot, "checkpoints"); j != nullptr && !j->is_array()) {
        error(LoadErrorCode::WrongType, "$.checkpoints", "\"checkpoints\" must be an array");
    }
    unsignedAt(doc, kRoot, "records", m_out.records);
    digestAt(doc, kRoot, "digest", m_out.digest);
    if (const Json* j = member(doc, kRoot, "summary")) {
        readSummary(*j, "$.summary");
    }
}

} // namespace evsim::recording
