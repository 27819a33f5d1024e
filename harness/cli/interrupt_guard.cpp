#include "harness/cli/interrupt_guard.h"

namespace evsim {
namespace {

// A signal handler can reach only a global; it is the one the CLI has.
std::atomic<bool> g_interrupted{false};

extern "C" void onInterrupt(int) {
    g_interrupted.store(true, std::memory_order_relaxed);
}

} // namespace

InterruptGuard::InterruptGuard() {
    g_interrupted = false;
    struct sigaction action {};
    action.sa_handler = onInterrupt;
    sigemptyset(&action.sa_mask);
    sigaction(SIGINT, &action, &m_oldInt);
    sigaction(SIGTERM, &action, &m_oldTerm);
    sigset_t signals;
    sigemptyset(&signals);
    sigaddset(&signals, SIGINT);
    sigaddset(&signals, SIGTERM);
    sigprocmask(SIG_UNBLOCK, &signals, &m_oldMask);
}

InterruptGuard::~InterruptGuard() {
    sigprocmask(SIG_SETMASK, &m_oldMask, nullptr);
    sigaction(SIGINT, &m_oldInt, nullptr);
    sigaction(SIGTERM, &m_oldTerm, nullptr);
}

const std::atomic<bool>* interruptFlag() {
    return &g_interrupted;
}

bool interrupted() {
    return g_interrupted.load(std::memory_order_relaxed);
}

} // namespace evsim
