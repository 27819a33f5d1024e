#pragma once

#include "simulator/kernel/status.h"

#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace evsim {

// A file EventSim writes (events, metrics, traces, recordings, exports), written so that
// nothing the user already has is ever damaged: the bytes go to a temporary file beside the
// target, which replaces the target only in commit(), once everything was written and synced.
// A run that fails or is interrupted before commit() leaves the previous file as it was, and
// the temporary file is removed (unless the process is killed outright).
//
// The path "-" means standard output, and a device or a pipe (/dev/null, a FIFO) is written in
// place: there is no earlier file to keep.
//
// Errors are values: the first write error is kept (with the path and the system's reason)
// and reported by commit(); later writes are ignored.
class OutputFile {
public:
    // Opens the temporary file. Refuses (returns nullopt and sets `error`) when the target is
    // a directory, its folder does not exist, or it is one of `inputs` (the same file, also
    // through symbolic or hard links), so that an output never overwrites what a run reads.
    static std::unique_ptr<OutputFile>
    open(const std::string& path, const std::vector<std::string>& inputs, std::string& error);
    ~OutputFile(); // without commit(): removes the temporary file, the target stays untouched
    OutputFile(const OutputFile&) = delete;
    OutputFile& operator=(const OutputFile&) = delete;

    void write(std::string_view bytes);
    void write(char c) { write(std::string_view(&c, 1)); }

    // Flushes, syncs and renames into place. Returns the first error ("cannot write
    // out.jsonl: No space left on device"), or nullopt when the file is in place.
    std::optional<std::string> commit();

    const std::string& path() const { return m_path; }
    bool isStdout() const { return m_path == "-"; }
    bool failed() const { return !m_error.empty(); }

private:
    OutputFile(std::string path, std::string target, std::string temporary, int fd);
    void flush();
    void fail(std::string_view what, int error);

    std::string m_path;      // as the user wrote it, for messages
    std::string m_target;    // where it ends up (a symbolic link's target, resolved)
    std::string m_temporary; // beside m_target; empty for standard output
    int m_fd = -1;
    std::string m_buffer;
    std::string m_error;
    bool m_committed = false;
};

// Whether two paths name the same existing file (following links), by device and inode.
// Writes `bytes` to `path` in one go, safely (an OutputFile): done, or refused with the error,
// the file at `path` as it was.
Status writeWholeFile(const std::string& path, std::string_view bytes);

bool sameFile(const std::string& a, const std::string& b);

// One output of a command, by the option that names it ("--events").
struct OutputPath {
    std::string option;
    std::string path;
};

// Refuses, before anything runs, outputs of one command that cannot all be written: an empty
// path, and two outputs that are one file (the same path, an existing file by device and
// inode through any links, a file still to be created by its absolute path with links
// resolved, "-" and a path that is standard output's file, "-" twice). Several outputs may go
// to one character device (/dev/null). Returns why, naming both options, or nullopt.
std::optional<std::string> conflictingOutputs(const std::vector<OutputPath>& outputs);

} // namespace evsim
