#include "recording/recording.h"

#include "observe/record.h"
#include "scenario/did_you_mean.h"
#include "scenario/json_source_map.h"

#include <algorithm>
#include <charconv>
#include <filesystem>
#include <fmt/format.h>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

namespace evsim {
namespace {

using Json = nlohmann::ordered_json;

std::string hex(std::uint64_t v) {
    return formatDigest(v);
}

Json summaryJson(const RecordingSummary& s) {
    Json j;
    j["events"] = s.events;
    j["last_event_ns"] = s.lastEventTime.nanos();
    j["published"] = s.published;
    j["acked"] = s.acked;
    j["dropped"] = s.dropped;
    j["dead_lettered"] = s.deadLettered;
    j["held"] = s.held;
    j["expectations_passed"] = s.expectationsPassed;
    j["expectations_failed"] = s.expectationsFailed;
    return j;
}

// Reads one recording document, keeping every problem with its place in the text.
class Reader {
public:
    Reader(std::string_view text, std::string file) : m_map(text), m_file(std::move(file)) {}

    const JsonSourceMap& map() const { return m_map; }
    std::vector<LoadError>& errors() { return m_errors; }

    void error(LoadErrorCode code, const std::string& path, std::string message,
               std::string hint = {}) {
        const SourcePosition at = m_map.locate(path);
        m_errors.push_back(
            LoadError{code, m_file, at.line, at.column, path, std::move(message), std::move(hint)});
    }

    // Refuses keys the object does not have, with a did-you-mean hint.
    void onlyKeys(const Json& object, const std::string& path,
                  const std::vector<std::string>& keys) {
        for (const auto& [key, value] : object.items()) {
            if (std::find(keys.begin(), keys.end(), key) == keys.end()) {
                error(LoadErrorCode::UnknownKey, JsonSourceMap::memberPath(path, key),
                      fmt::format("unknown key \"{}\"", key), didYouMean(key, keys));
            }
        }
    }

    const Json* member(const Json& object, const std::string& path, const std::string& key) {
        const auto it = object.find(key);
        if (it == object.end()) {
            error(LoadErrorCode::MissingKey, path, fmt::format("missing key \"{}\"", key));
            return nullptr;
        }
        return &*it;
    }

    bool unsignedAt(const Json& object, const std::string& path, const std::string& key,
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

    bool timeAt(const Json& object, const std::string& path, const std::string& key, SimTime& out) {
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

    bool stringAt(const Json& object, const std::string& path, const std::string& key,
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

    bool digestAt(const Json& object, const std::string& path, const std::string& key,
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

private:
    JsonSourceMap m_map;
    std::string m_file;
    std::vector<LoadError> m_errors;
};

void readSummary(Reader& r, const Json& j, const std::string& path, RecordingSummary& s) {
    if (!j.is_object()) {
        r.error(LoadErrorCode::WrongType, path, "\"summary\" must be an object");
        return;
    }
    r.onlyKeys(j, path,
               {"events", "last_event_ns", "published", "acked", "dropped", "dead_lettered", "held",
                "expectations_passed", "expectations_failed"});
    r.unsignedAt(j, path, "events", s.events);
    r.timeAt(j, path, "last_event_ns", s.lastEventTime);
    r.unsignedAt(j, path, "published", s.published);
    r.unsignedAt(j, path, "acked", s.acked);
    r.unsignedAt(j, path, "dropped", s.dropped);
    r.unsignedAt(j, path, "dead_lettered", s.deadLettered);
    r.unsignedAt(j, path, "held", s.held);
    r.unsignedAt(j, path, "expectations_passed", s.expectationsPassed);
    r.unsignedAt(j, path, "expectations_failed", s.expectationsFailed);
}

void readCheckpoints(Reader& r, const Json& j, const std::string& path, Recording& out) {
    if (!j.is_array()) {
        r.error(LoadErrorCode::WrongType, path, "\"checkpoints\" must be an array");
        return;
    }
    for (std::size_t i = 0; i < j.size(); ++i) {
        const std::string at = JsonSourceMap::elementPath(path, i);
        if (!j[i].is_object()) {
            r.error(LoadErrorCode::WrongType, at, "a checkpoint must be an object");
            continue;
        }
        r.onlyKeys(j[i], at, {"record", "t_ns", "digest"});
        Checkpoint c;
        if (r.unsignedAt(j[i], at, "record", c.record) && !out.checkpoints.empty() &&
            c.record <= out.checkpoints.back().record) {
            r.error(LoadErrorCode::OutOfRange, JsonSourceMap::memberPath(at, "record"),
                    "checkpoints must be in increasing record order");
        }
        r.timeAt(j[i], at, "t_ns", c.time);
        r.digestAt(j[i], at, "digest", c.digest);
        out.checkpoints.push_back(c);
    }
}

void readInterventions(Reader& r, const Json& j, const std::string& path, Recording& out) {
    if (!j.is_array()) {
        r.error(LoadErrorCode::WrongType, path, "\"interventions\" must be an array");
        return;
    }
    for (std::size_t i = 0; i < j.size(); ++i) {
        if (!j[i].is_object()) {
            r.error(LoadErrorCode::WrongType, JsonSourceMap::elementPath(path, i),
                    "an intervention must be an object (a scenario timeline entry)");
            continue;
        }
        out.interventions.push_back(j[i].dump());
    }
}

// The keys of version 1, in the order they are written.
const std::vector<std::string>& version1Keys() {
    static const std::vector<std::string> keys{
        "format",  "version",  "engine",        "scenario_file",    "scenario",
        "seed",    "until_ns", "interventions", "checkpoint_every", "checkpoints",
        "records", "digest",   "summary"};
    return keys;
}

void readVersion1(Reader& r, const Json& doc, Recording& out) {
    const std::string root = "$";
    r.onlyKeys(doc, root, version1Keys());
    r.stringAt(doc, root, "engine", out.engine);
    r.stringAt(doc, root, "scenario_file", out.scenarioFile);
    r.stringAt(doc, root, "scenario", out.scenario);
    r.unsignedAt(doc, root, "seed", out.seed);
    if (r.timeAt(doc, root, "until_ns", out.until) && out.until <= SimTime::zero()) {
        r.error(LoadErrorCode::OutOfRange, "$.until_ns", "\"until_ns\" must be above 0");
    }
    if (const Json* j = r.member(doc, root, "interventions")) {
        readInterventions(r, *j, "$.interventions", out);
    }
    if (r.unsignedAt(doc, root, "checkpoint_every", out.checkpointEvery) &&
        out.checkpointEvery == 0) {
        r.error(LoadErrorCode::OutOfRange, "$.checkpoint_every",
                "\"checkpoint_every\" must be at least 1");
    }
    if (const Json* j = r.member(doc, root, "checkpoints")) {
        readCheckpoints(r, *j, "$.checkpoints", out);
    }
    r.unsignedAt(doc, root, "records", out.records);
    r.digestAt(doc, root, "digest", out.digest);
    if (const Json* j = r.member(doc, root, "summary")) {
        readSummary(r, *j, "$.summary", out.summary);
    }
    if (r.errors().empty() && !out.checkpoints.empty() &&
        (out.checkpoints.back().record + 1 != out.records ||
         out.checkpoints.back().digest != out.digest)) {
        r.error(LoadErrorCode::OutOfRange, "$.checkpoints",
                "the last checkpoint must be after the last record, with the run's digest");
    }
}

} // namespace

std::string recordingJson(const Recording& rec) {
    Json j;
    j["format"] = kRecordingFormat;
    j["version"] = rec.version;
    j["engine"] = rec.engine;
    j["scenario_file"] = rec.scenarioFile;
    j["scenario"] = rec.scenario;
    j["seed"] = rec.seed;
    j["until_ns"] = rec.until.nanos();
    j["interventions"] = Json::array();
    for (const std::string& entry : rec.interventions) {
        j["interventions"].push_back(Json::parse(entry, nullptr, false));
    }
    j["checkpoint_every"] = rec.checkpointEvery;
    j["checkpoints"] = Json::array();
    for (const Checkpoint& c : rec.checkpoints) {
        j["checkpoints"].push_back(
            Json{{"record", c.record}, {"t_ns", c.time.nanos()}, {"digest", hex(c.digest)}});
    }
    j["records"] = rec.records;
    j["digest"] = hex(rec.digest);
    j["summary"] = summaryJson(rec.summary);
    return j.dump(2, ' ', false, Json::error_handler_t::replace) + "\n";
}

LoadResult<Recording> parseRecording(std::string_view text, const std::string& fileName) {
    LoadResult<Recording> result;
    Reader r(text, fileName);
    if (const auto& problem = r.map().problem()) {
        r.errors().push_back(LoadError{
            problem->kind == JsonSourceMap::Problem::Kind::Empty ? LoadErrorCode::EmptyFile
                                                                 : LoadErrorCode::Syntax,
            fileName, problem->position.line, problem->position.column, "", problem->message, ""});
        result.errors = std::move(r.errors());
        return result;
    }
    const Json doc = Json::parse(text, nullptr, false, true);
    if (doc.is_discarded() || !doc.is_object()) {
        r.error(LoadErrorCode::NotAnObject, "$", "a recording is a JSON object",
                "is this an .evrec file written by `evsim record`?");
        result.errors = std::move(r.errors());
        return result;
    }
    std::string format;
    if (r.stringAt(doc, "$", "format", format) && format != kRecordingFormat) {
        r.error(LoadErrorCode::UnknownChoice, "$.format",
                fmt::format("\"format\" must be \"{}\"", kRecordingFormat),
                "is this an .evrec file written by `evsim record`?");
    }
    std::uint64_t version = 0;
    if (r.unsignedAt(doc, "$", "version", version)) {
        if (version > static_cast<std::uint64_t>(kRecordingVersion)) {
            r.error(LoadErrorCode::LimitExceeded, "$.version",
                    fmt::format("recording format version {} is newer than this evsim "
                                "understands ({}); update evsim",
                                version, kRecordingVersion));
        } else if (version == 0) {
            r.error(LoadErrorCode::OutOfRange, "$.version", "recording format versions start at 1");
        }
    }
    if (!r.errors().empty()) {
        result.errors = std::move(r.errors());
        return result;
    }
    // Version 1 is the only one so far; an older version would be read (and upgraded) here.
    Recording rec;
    rec.version = static_cast<int>(version);
    readVersion1(r, doc, rec);
    if (!r.errors().empty()) {
        result.errors = std::move(r.errors());
        return result;
    }
    result.value = std::move(rec);
    return result;
}

LoadResult<Recording> loadRecordingFile(const std::string& path) {
    LoadResult<Recording> result;
    std::error_code error;
    const auto size = std::filesystem::file_size(path, error);
    std::ifstream in(path, std::ios::binary);
    if (error || !in.is_open()) {
        result.errors.push_back(
            LoadError{LoadErrorCode::CannotRead, path, 0, 0, "", "cannot read the recording", ""});
        return result;
    }
    if (size > kMaxRecordingBytes) {
        result.errors.push_back(
            LoadError{LoadErrorCode::FileTooLarge, path, 0, 0, "",
                      fmt::format("the recording is larger than {} MiB", kMaxRecordingBytes >> 20),
                      "is this an .evrec file written by `evsim record`?"});
        return result;
    }
    std::stringstream text;
    text << in.rdbuf();
    return parseRecording(text.str(), path);
}

} // namespace evsim
