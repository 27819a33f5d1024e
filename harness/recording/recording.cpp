#include "harness/recording/recording.h"

#include "harness/recording/recording_checks.h"
#include "harness/recording/recording_fields.h"
#include "simulator/observe/record.h"
#include "simulator/scenario/json_scanner.h"
#include "simulator/scenario/json_source_map.h"

#include <filesystem>
#include <fmt/format.h>
#include <fstream>

namespace evsim {
namespace {

using Json = recording::Json;

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

namespace {

using recording::FieldReader;

LoadResult<Recording> failed(FieldReader& reader, std::string_view text) {
    reader.locate(text);
    LoadResult<Recording> result;
    result.errors = std::move(reader.errors());
    return result;
}

// Syntax, nesting and duplicate keys, by a scan that keeps no map of the document.
bool readableJson(FieldReader& reader, std::string_view text, const std::string& fileName) {
    if (const std::size_t nul = text.find('\0'); nul != std::string_view::npos) {
        // nlohmann would stop reading there as if the file ended.
        const SourcePosition at = JsonSourceMap::positionOf(text, nul);
        reader.errors().push_back(LoadError{LoadErrorCode::NulByte, fileName, at.line, at.column,
                                            "", "the file contains a NUL byte",
                                            "a recording is UTF-8 text; was a binary file given?"});
        return false;
    }
    const JsonCheck check = checkJsonText(text);
    if (check.problem) {
        const auto code = check.problem->kind == JsonProblem::Kind::Empty ? LoadErrorCode::EmptyFile
                          : check.problem->kind == JsonProblem::Kind::TooDeep
                              ? LoadErrorCode::TooDeep
                              : LoadErrorCode::Syntax;
        reader.errors().push_back(LoadError{code, fileName, check.problem->position.line,
                                            check.problem->position.column, "",
                                            check.problem->message, ""});
        return false;
    }
    for (const JsonDuplicateKey& d : check.duplicates) {
        reader.errors().push_back(LoadError{
            LoadErrorCode::DuplicateKey, fileName, d.second.line, d.second.column, d.path,
            "duplicate key",
            fmt::format("it is also set at line {}, column {}; a key may appear once per object",
                        d.first.line, d.first.column)});
    }
    return check.duplicates.empty();
}

// The document without its checkpoints, which go to `reader` one by one as they are parsed:
// a recording with a checkpoint after every record never holds them as JSON.
std::optional<recording::Json> parseStreaming(FieldReader& reader, std::string_view text,
                                              const std::string& fileName) {
    using Event = recording::Json::parse_event_t;
    // nlohmann's depth: 1 for the members of the top-level object, 2 for their elements.
    std::string topKey;
    bool inCheckpoints = false;
    const auto onEvent = [&](int depth, Event event, recording::Json& parsed) {
        if (depth == 1 && event == Event::key) {
            topKey = parsed.get<std::string>();
        } else if (depth == 1 && (event == Event::array_start || event == Event::array_end)) {
            inCheckpoints = event == Event::array_start && topKey == "checkpoints";
        }
        const bool elementDone =
            event == Event::value || event == Event::object_end || event == Event::array_end;
        if (depth == 2 && elementDone && inCheckpoints) {
            reader.readCheckpoint(parsed);
            return false; // read: not kept in the document
        }
        return true;
    };
    try {
        recording::Json doc = recording::Json::parse(text, onEvent, true, true);
        return doc;
    } catch (const recording::Json::parse_error& e) {
        std::string message = e.what();
        if (const std::size_t colon = message.find(": "); colon != std::string::npos) {
            message.erase(0, colon + 2); // nlohmann's own place; ours counts characters
        }
        const SourcePosition at = JsonSourceMap::positionOf(text, e.byte > 0 ? e.byte - 1 : 0);
        reader.errors().push_back(
            LoadError{LoadErrorCode::Syntax, fileName, at.line, at.column, "", message, ""});
    } catch (const recording::Json::exception& e) {
        // A number past 64 bits or a double's range (406): nlohmann says which, not where.
        std::string message = e.what();
        message.erase(0, message.find("] ") == std::string::npos ? 0 : message.find("] ") + 2);
        reader.errors().push_back(
            LoadError{e.id == 406 ? LoadErrorCode::OutOfRange : LoadErrorCode::Syntax, fileName, 1,
                      1, "", message, "numbers in a recording are whole and at most 2^64-1"});
    }
    return std::nullopt;
}

} // namespace

LoadResult<Recording> parseRecording(std::string_view text, const std::string& fileName) {
    Recording rec;
    FieldReader reader(fileName, rec);
    if (!readableJson(reader, text, fileName)) {
        return failed(reader, text);
    }
    std::optional<recording::Json> doc = parseStreaming(reader, text, fileName);
    if (!doc) {
        return failed(reader, text);
    }
    if (!doc->is_object()) {
        reader.errors().clear(); // checkpoint errors mean nothing outside a recording
        reader.error(LoadErrorCode::NotAnObject, "$", "a recording is a JSON object",
                     "is this an .evrec file written by `evsim record`?");
        return failed(reader, text);
    }
    // Checkpoints were read as they came; what the header says decides whether they count.
    std::vector<LoadError> checkpointErrors = std::move(reader.errors());
    reader.errors().clear();
    if (!reader.readHeader(*doc, rec.version)) {
        return failed(reader, text);
    }
    // Version 1 is the only one so far; an older version would be read (and upgraded) here.
    reader.readVersion1(*doc);
    reader.errors().insert(reader.errors().end(), checkpointErrors.begin(), checkpointErrors.end());
    if (reader.errors().empty()) {
        for (LoadError& e : recordingInconsistencies(rec, fileName)) {
            reader.errors().push_back(std::move(e));
        }
    }
    if (!reader.errors().empty()) {
        return failed(reader, text);
    }
    LoadResult<Recording> result;
    result.value = std::move(rec);
    return result;
}

namespace {

std::optional<std::string> readRecordingText(const std::string& path,
                                             std::vector<LoadError>& errors) {
    std::error_code error;
    const auto size = std::filesystem::file_size(path, error);
    std::ifstream in(path, std::ios::binary);
    if (error || !in.is_open()) {
        errors.push_back(
            LoadError{LoadErrorCode::CannotRead, path, 0, 0, "", "cannot read the recording", ""});
        return std::nullopt;
    }
    if (size > kMaxRecordingBytes) {
        errors.push_back(
            LoadError{LoadErrorCode::FileTooLarge, path, 0, 0, "",
                      fmt::format("the recording is larger than {} MiB", kMaxRecordingBytes >> 20),
                      "is this an .evrec file written by `evsim record`?"});
        return std::nullopt;
    }
    // Read straight into one string of the file's size: a stream's buffer and a copy of it
    // would hold the text twice.
    std::string text(static_cast<std::size_t>(size), '\0');
    in.read(text.data(), static_cast<std::streamsize>(text.size()));
    if (static_cast<std::uintmax_t>(in.gcount()) != size) {
        errors.push_back(
            LoadError{LoadErrorCode::CannotRead, path, 0, 0, "", "cannot read the recording", ""});
        return std::nullopt;
    }
    return text;
}

} // namespace

bool looksLikeRecording(const std::string& path) {
    if (std::filesystem::path(path).extension() == ".evrec") {
        return true;
    }
    std::ifstream in(path, std::ios::binary);
    std::string head(256, '\0');
    in.read(head.data(), static_cast<std::streamsize>(head.size()));
    head.resize(static_cast<std::size_t>(in.gcount()));
    const std::size_t brace = head.find_first_not_of(" \t\r\n\xEF\xBB\xBF");
    if (brace == std::string::npos || head[brace] != '{') {
        return false;
    }
    const std::size_t key = head.find_first_not_of(" \t\r\n", brace + 1);
    const std::size_t value = head.find('"', head.find(':', key));
    return key != std::string::npos && head.compare(key, 8, "\"format\"") == 0 &&
           value != std::string::npos &&
           head.compare(value, kRecordingFormat.size() + 2,
                        "\"" + std::string(kRecordingFormat) + "\"") == 0;
}

void locateRecordingErrors(std::vector<LoadError>& errors, const std::string& path) {
    std::vector<std::size_t> which;
    std::vector<std::string> paths;
    for (std::size_t i = 0; i < errors.size(); ++i) {
        if (errors[i].file == path && errors[i].line == 0 && !errors[i].jsonPath.empty()) {
            which.push_back(i);
            paths.push_back(errors[i].jsonPath);
        }
    }
    std::vector<LoadError> unreadable;
    const std::optional<std::string> text =
        paths.empty() ? std::nullopt : readRecordingText(path, unreadable);
    if (!text) {
        return;
    }
    const std::vector<SourcePosition> at = locateJsonPaths(*text, paths);
    for (std::size_t k = 0; k < which.size(); ++k) {
        errors[which[k]].line = at[k].line;
        errors[which[k]].column = at[k].column;
    }
}

LoadResult<Recording> loadRecordingFile(const std::string& path) {
    LoadResult<Recording> result;
    if (const std::optional<std::string> text = readRecordingText(path, result.errors)) {
        return parseRecording(*text, path);
    }
    return result;
}

} // namespace evsim
