#include "harness/io/standard_output.h"

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <iostream>
#include <unistd.h>

namespace evsim {
namespace {

constexpr std::size_t kBufferBytes = 1 << 16;

} // namespace

StandardOutput::StandardOutput() {
    for (int fd = 0; fd <= 2; ++fd) {
        if (::fcntl(fd, F_GETFD) == -1 && errno == EBADF) {
            const int held = ::open("/dev/null", O_RDONLY);
            if (held >= 0 && held != fd) {
                ::dup2(held, fd);
                ::close(held);
            }
        }
    }
    m_buffer.reserve(kBufferBytes);
    std::cout.flush();
    m_previous = std::cout.rdbuf(this);
}

StandardOutput::~StandardOutput() {
    finish();
    std::cout.rdbuf(m_previous);
}

void StandardOutput::writeOut(const char* data, std::size_t size) {
    while (size > 0 && !m_error) {
        const ssize_t n = ::write(STDOUT_FILENO, data, size);
        if (n < 0 && errno == EINTR) {
            continue;
        }
        if (n <= 0) {
            m_error = std::strerror(n < 0 ? errno : EIO);
            return;
        }
        data += n;
        size -= static_cast<std::size_t>(n);
    }
}

std::optional<std::string> StandardOutput::finish() {
    writeOut(m_buffer.data(), m_buffer.size());
    m_buffer.clear();
    return m_error;
}

StandardOutput::int_type StandardOutput::overflow(int_type c) {
    if (!traits_type::eq_int_type(c, traits_type::eof())) {
        const char ch = traits_type::to_char_type(c);
        xsputn(&ch, 1);
    }
    return m_error ? traits_type::eof() : traits_type::not_eof(c);
}

std::streamsize StandardOutput::xsputn(const char* s, std::streamsize n) {
    m_buffer.append(s, static_cast<std::size_t>(n));
    if (m_buffer.size() >= kBufferBytes) {
        finish();
    }
    return m_error ? 0 : n;
}

int StandardOutput::sync() {
    return finish() ? -1 : 0;
}

} // namespace evsim
