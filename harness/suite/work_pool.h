#pragma once

#include <atomic>
#include <cstddef>
#include <functional>

namespace evsim {

// Runs `count` independent jobs on a Boost.Asio thread pool of `threads` threads (at least
// one) and returns once every job has finished. The simulation core is single-threaded and
// keeps no shared state, so independent runs (the files of `evsim test`, the seeds of
// `evsim sweep`) can go side by side; this is where that parallelism lives.
//
// `job(i)` is called exactly once for each i in [0, count), on a pool thread, in no
// particular order; a job writes its result into slot i of storage the caller owns, so
// results come out in index order whatever the number of threads. `finished(i)`, when set,
// is called after job i returns, one call at a time (under a lock), in completion order: for
// progress lines, never for results.
//
// An exception thrown by a job is kept; once every job has finished, the one of the lowest
// index is rethrown (so a bad_alloc reaches the CLI's handler as it would without threads).
//
// Once `*stop` is true, no further job starts (jobs already running finish): millions of
// jobs left after a Ctrl-C cost nothing.
void runJobs(std::size_t count, unsigned threads, const std::function<void(std::size_t)>& job,
             const std::function<void(std::size_t)>& finished = {},
             const std::atomic<bool>* stop = nullptr);

} // namespace evsim
