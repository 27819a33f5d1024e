#pragma once

#include <optional>
#include <streambuf>
#include <string>

namespace evsim {

// std::cout, written straight to file descriptor 1 through a buffer that keeps the first
// write error with its reason: a report that could not be written (a full disk, a closed
// descriptor) is then an error whatever the command, and says why. While alive, it is
// std::cout's buffer; the old one comes back when it goes.
//
// A standard descriptor (0, 1, 2) that was closed when evsim started is first taken by
// /dev/null opened for reading only: otherwise the next file opened would get its number
// and receive what was meant for the terminal, while every write to it now fails (EBADF).
class StandardOutput final : public std::streambuf {
public:
    StandardOutput();
    ~StandardOutput() override;
    StandardOutput(const StandardOutput&) = delete;
    StandardOutput& operator=(const StandardOutput&) = delete;

    // Writes what is buffered; the first error so far ("No space left on device"), if any.
    std::optional<std::string> finish();

protected:
    int_type overflow(int_type c) override;
    std::streamsize xsputn(const char* s, std::streamsize n) override;
    int sync() override;

private:
    void writeOut(const char* data, std::size_t size);

    std::string m_buffer;
    std::optional<std::string> m_error;
    std::streambuf* m_previous = nullptr;
};

} // namespace evsim
