#pragma once

#include <atomic>
#include <csignal>

namespace evsim {

// While alive, Ctrl-C (SIGINT) and a CI job's TERM set a flag instead of killing evsim, so
// that a run stops at its next check and its outputs are discarded cleanly (the previous
// files stay as they were) instead of being cut off mid-write. The old handlers come back
// when the guard goes.
class InterruptGuard {
public:
    InterruptGuard();
    ~InterruptGuard();
    InterruptGuard(const InterruptGuard&) = delete;
    InterruptGuard& operator=(const InterruptGuard&) = delete;

    // Set by a signal since the guard was made; for RunOptions::cancel.
    const std::atomic<bool>* flag() const;

private:
    struct sigaction m_oldInt {};
    struct sigaction m_oldTerm {};
};

} // namespace evsim
