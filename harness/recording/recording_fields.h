#pragma once

#include "harness/recording/recording.h"

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace evsim::recording {

using Json = nlohmann::ordered_json;

// Reads the fields of a recording document into a Recording, keeping every problem with its
// JSON path. Errors are located (line and column) only at the end, by locate(): a recording
// with a checkpoint after every record is too large to keep a map of.
class FieldReader {
public:
    FieldReader(std::string file, Recording& out) : m_file(std::move(file)), m_out(out) {}

    std::vector<LoadError>& errors() { return m_errors; }
    void error(LoadErrorCode code, std::string path, std::string message, std::string hint = {});

    // The checks of the format and version keys, which decide how the rest is read.
    bool readHeader(const Json& doc, int& version);
    // Every key of a version 1 document but its checkpoints.
    void readVersion1(const Json& doc);
    // One element of "checkpoints", read as the document streams by, in order.
    void readCheckpoint(const Json& element);

    // Sets line and column of every error from `text`, and orders them as in the text.
    void locate(std::string_view text);

private:
    void onlyKeys(const Json& object, const std::string& path,
                  const std::vector<std::string>& keys);
    const Json* member(const Json& object, const std::string& path, const std::string& key);
    bool unsignedAt(const Json& object, const std::string& path, const std::string& key,
                    std::uint64_t& out);
    bool timeAt(const Json& object, const std::string& path, const std::string& key, SimTime& out);
    bool stringAt(const Json& object, const std::string& path, const std::string& key,
                  std::string& out);
    bool digestAt(const Json& object, const std::string& path, const std::string& key,
                  std::uint64_t& out);
    void readSummary(const Json& j, const std::string& path);
    void readInterventions(const Json& j, const std::string& path);

    std::string m_file;
    Recording& m_out;
    std::vector<LoadError> m_errors;
    std::size_t m_checkpointIndex = 0;
};

} // namespace evsim::recording
