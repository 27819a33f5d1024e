#include "harness/suite/work_pool.h"

#include <algorithm>
#include <atomic>
#include <boost/asio/post.hpp>
#include <boost/asio/thread_pool.hpp>
#include <exception>
#include <mutex>
#include <vector>

namespace evsim {

void runJobs(std::size_t count, unsigned threads, const std::function<void(std::size_t)>& job,
             const std::function<void(std::size_t)>& finished, const std::atomic<bool>* stop) {
    if (count == 0) {
        return;
    }
    // More threads than jobs would only sit idle. Each thread takes the next index until none
    // are left, rather than one posted task per job, so that a sweep of millions of seeds
    // costs no memory per seed here.
    const auto size = std::min(static_cast<std::size_t>(std::max(1U, threads)), count);
    boost::asio::thread_pool pool(size);
    std::mutex lock;
    std::atomic<std::size_t> next{0};
    // Only the error of the lowest index is kept: nothing here grows with `count`.
    std::exception_ptr error;
    std::size_t errorIndex = count;
    const auto keep = [&](std::size_t i, std::exception_ptr e) {
        const std::lock_guard<std::mutex> guard(lock);
        if (i < errorIndex) {
            error = std::move(e);
            errorIndex = i;
        }
    };
    for (std::size_t t = 0; t < size; ++t) {
        boost::asio::post(pool, [&] {
            for (std::size_t i = next++; i < count && !(stop != nullptr && stop->load());
                 i = next++) {
                try {
                    job(i);
                } catch (...) {
                    keep(i, std::current_exception());
                }
                if (finished) {
                    std::exception_ptr failed;
                    {
                        const std::lock_guard<std::mutex> guard(lock);
                        try {
                            finished(i);
                        } catch (...) {
                            failed = std::current_exception();
                        }
                    }
                    if (failed) {
                        keep(i, failed);
                    }
                }
            }
        });
    }
    pool.join();
    if (error) {
        std::rethrow_exception(error);
    }
}

} // namespace evsim
