#pragma once

#include <atomic>
#include <csignal>

namespace evsim {

// While alive, Ctrl-C (SIGINT) and a CI job's TERM set a flag instead of killing evsim, so
// that a command stops at its next check, discards its outputs cleanly (the previous files
// stay as they were, no temporary file is left) and exits 130 with one line saying so.
// Repeated signals count as one: `timeout` and many CI runners send the same signal twice (to
// the process and to its group), and the second must not cut the clean stop short. Both
// signals are unblocked, so that one sent before evsim started (and left pending) counts too. The
// old handlers come back when the guard goes. The evsim command line holds one for its whole run.
class InterruptGuard {
public:
    InterruptGuard();
    ~InterruptGuard();
    InterruptGuard(const InterruptGuard&) = delete;
    InterruptGuard& operator=(const InterruptGuard&) = delete;

private:
    struct sigaction m_oldInt {};
    struct sigaction m_oldTerm {};
    sigset_t m_oldMask{};
};

// Set by a signal while a guard is alive; for RunOptions::cancel and the like.
const std::atomic<bool>* interruptFlag();
bool interrupted();

} // namespace evsim
