#pragma once

#include <string>
#include <utility>

namespace evsim {

// What a call that can be refused returns: done, or why not, in one sentence for the person
// who asked. Not a string that is empty on success: a refusal cannot pass for "nothing to
// say", and [[nodiscard]] makes every caller look at it.
class [[nodiscard]] Status {
public:
    static Status done() { return Status(); }
    static Status refused(std::string why) { return Status(std::move(why)); }

    bool ok() const { return !m_refused; }
    // Why it was refused; empty when it was done.
    const std::string& why() const { return m_why; }

private:
    Status() = default;
    explicit Status(std::string why) : m_refused(true), m_why(std::move(why)) {}

    bool m_refused = false;
    std::string m_why;
};

} // namespace evsim
