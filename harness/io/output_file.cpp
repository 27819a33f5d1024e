#include "harness/io/output_file.h"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fcntl.h>
#include <filesystem>
#include <sys/stat.h>
#include <unistd.h>

namespace evsim {
namespace {

constexpr std::size_t kBufferBytes = 1 << 16;

std::string reason(int error) {
    return std::strerror(error);
}

} // namespace

bool sameFile(const std::string& a, const std::string& b) {
    struct stat sa {};
    struct stat sb {};
    return ::stat(a.c_str(), &sa) == 0 && ::stat(b.c_str(), &sb) == 0 && sa.st_dev == sb.st_dev &&
           sa.st_ino == sb.st_ino;
}

namespace {

// What an output path will write to: an existing file (or device, or standard output's) by
// device and inode, or the absolute path of a file still to be created.
struct Destination {
    bool exists = false;
    dev_t device = 0;
    ino_t inode = 0;
    bool shareable = false; // a character device: writing it twice clobbers nothing
    std::string created;
};

Destination destinationOf(const std::string& path) {
    struct stat st {};
    const bool found = path == "-" ? ::fstat(1, &st) == 0 : ::stat(path.c_str(), &st) == 0;
    if (found) {
        return Destination{true, st.st_dev, st.st_ino, S_ISCHR(st.st_mode), ""};
    }
    std::error_code error;
    const auto absolute = std::filesystem::absolute(path, error);
    const auto resolved = std::filesystem::weakly_canonical(absolute, error);
    return Destination{false, 0, 0, false, (error ? absolute : resolved).string()};
}

bool sameDestination(const Destination& a, const Destination& b) {
    if (a.exists != b.exists) {
        return false;
    }
    return a.exists ? a.device == b.device && a.inode == b.inode && !a.shareable
                    : a.created == b.created;
}

} // namespace

std::optional<std::string> conflictingOutputs(const std::vector<OutputPath>& outputs) {
    for (const OutputPath& out : outputs) {
        if (out.path.empty()) {
            return out.option + " names no file (the path is empty); give a path, or - for "
                                "standard output";
        }
    }
    for (std::size_t i = 0; i < outputs.size(); ++i) {
        for (std::size_t j = i + 1; j < outputs.size(); ++j) {
            const OutputPath& a = outputs[i];
            const OutputPath& b = outputs[j];
            if (a.path == "-" && b.path == "-") {
                return a.option + " and " + b.option +
                       " would both write to standard output; give one of them a file";
            }
            const Destination da = destinationOf(a.path);
            if ((a.path == b.path && !da.shareable) || sameDestination(da, destinationOf(b.path))) {
                const std::string& shown = a.path == "-" ? b.path : a.path;
                return a.option + " and " + b.option + " name the same file (" + shown +
                       "), which one would overwrite with the other; give each its own path";
            }
        }
    }
    return std::nullopt;
}

std::unique_ptr<OutputFile> OutputFile::open(const std::string& path,
                                             const std::vector<std::string>& inputs,
                                             std::string& error) {
    if (path == "-") {
        return std::unique_ptr<OutputFile>(new OutputFile(path, path, "", 1));
    }
    if (path.empty()) {
        error = "the output path is empty";
        return nullptr;
    }
    for (const std::string& input : inputs) {
        if (sameFile(path, input)) {
            error = "refusing to write " + path + ": it is the input " + input +
                    ", which the output would overwrite; choose another path";
            return nullptr;
        }
    }
    // Write through a symbolic link to the file it names, so that the link survives.
    std::error_code ec;
    std::string target = path;
    if (std::filesystem::is_symlink(path, ec)) {
        const auto resolved = std::filesystem::weakly_canonical(path, ec);
        if (!ec) {
            target = resolved.string();
        }
    }
    struct stat st {};
    if (::stat(target.c_str(), &st) == 0 && S_ISDIR(st.st_mode)) {
        error = "cannot write " + path + ": it is a directory";
        return nullptr;
    }
    if (::stat(target.c_str(), &st) == 0 && !S_ISREG(st.st_mode)) {
        // A device or a pipe (/dev/null, a FIFO): written in place, there is nothing to keep.
        const int fd = ::open(target.c_str(), O_WRONLY | O_CLOEXEC);
        if (fd < 0) {
            error = "cannot write " + path + ": " + reason(errno);
            return nullptr;
        }
        return std::unique_ptr<OutputFile>(new OutputFile(path, target, "", fd));
    }
    const std::filesystem::path t(target);
    const std::string folder = t.has_parent_path() ? t.parent_path().string() : ".";
    std::string temporary =
        (std::filesystem::path(folder) / ("." + t.filename().string() + ".evsim-XXXXXX")).string();
    const int fd = ::mkstemp(temporary.data());
    if (fd < 0) {
        const int e = errno;
        error = "cannot write " + path + ": " +
                (e == ENOENT ? "the folder " + folder + " does not exist" : reason(e));
        return nullptr;
    }
    // mkstemp creates 0600; give the file the permissions a plain new file would get.
    const mode_t mask = ::umask(0);
    ::umask(mask);
    ::fchmod(fd, S_ISREG(st.st_mode) ? (st.st_mode & 07777) : (0666 & ~mask));
    return std::unique_ptr<OutputFile>(new OutputFile(path, target, temporary, fd));
}

OutputFile::OutputFile(std::string path, std::string target, std::string temporary, int fd)
    : m_path(std::move(path)), m_target(std::move(target)), m_temporary(std::move(temporary)),
      m_fd(fd) {
    m_buffer.reserve(kBufferBytes);
}

OutputFile::~OutputFile() {
    if (m_fd > 1) {
        ::close(m_fd);
    }
    if (!m_committed && !m_temporary.empty()) {
        ::unlink(m_temporary.c_str());
    }
}

void OutputFile::fail(std::string_view what, int error) {
    if (m_error.empty()) {
        m_error = std::string(what) + " " + m_path + ": " + reason(error);
    }
}

void OutputFile::write(std::string_view bytes) {
    if (!m_error.empty()) {
        return;
    }
    m_buffer.append(bytes);
    if (m_buffer.size() >= kBufferBytes) {
        flush();
    }
}

void OutputFile::flush() {
    std::size_t done = 0;
    while (done < m_buffer.size() && m_error.empty()) {
        const ssize_t n = ::write(m_fd, m_buffer.data() + done, m_buffer.size() - done);
        if (n < 0 && errno == EINTR) {
            continue;
        }
        if (n <= 0) {
            fail("cannot write", n < 0 ? errno : EIO);
            break;
        }
        done += static_cast<std::size_t>(n);
    }
    m_buffer.clear();
}

std::optional<std::string> OutputFile::commit() {
    flush();
    if (isStdout()) {
        m_committed = true;
        return m_error.empty() ? std::nullopt : std::optional(m_error);
    }
    if (m_temporary.empty()) { // a device or a pipe
        ::close(m_fd);
        m_fd = -1;
        m_committed = true;
        return m_error.empty() ? std::nullopt : std::optional(m_error);
    }
    if (m_error.empty() && ::fsync(m_fd) != 0) {
        fail("cannot write", errno);
    }
    if (::close(m_fd) != 0 && m_error.empty()) {
        fail("cannot write", errno);
    }
    m_fd = -1;
    if (m_error.empty() && ::rename(m_temporary.c_str(), m_target.c_str()) != 0) {
        fail("cannot replace", errno);
    }
    if (!m_error.empty()) {
        return m_error;
    }
    m_committed = true;
    return std::nullopt;
}

Status writeWholeFile(const std::string& path, std::string_view bytes) {
    std::string error;
    std::unique_ptr<OutputFile> out = OutputFile::open(path, {}, error);
    if (!out) {
        return Status::refused(std::move(error));
    }
    out->write(bytes);
    if (std::optional<std::string> failed = out->commit()) {
        return Status::refused(std::move(*failed));
    }
    return Status::done();
}

} // namespace evsim
