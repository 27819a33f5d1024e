#include "suite/work_pool.h"

#include <algorithm>
#include <boost/asio/post.hpp>
#include <boost/asio/thread_pool.hpp>
#include <exception>
#include <mutex>
#include <vector>

namespace evsim {

void runJobs(std::size_t count, unsigned threads, const std::function<void(std::size_t)>& job,
             const std::function<void(std::size_t)>& finished) {
    if (count == 0) {
        return;
    }
    // More threads than jobs would only sit idle.
    const auto size = static_cast<std::size_t>(std::max(1U, threads));
    boost::asio::thread_pool pool(std::min(size, count));
    std::mutex lock;
    std::vector<std::exception_ptr> errors(count);
    for (std::size_t i = 0; i < count; ++i) {
        boost::asio::post(pool, [&, i] {
            try {
                job(i);
            } catch (...) {
                errors[i] = std::current_exception();
            }
            if (finished) {
                const std::lock_guard<std::mutex> guard(lock);
                try {
                    finished(i);
                } catch (...) {
                    if (!errors[i]) {
                        errors[i] = std::current_exception();
                    }
                }
            }
        });
    }
    pool.join();
    for (const std::exception_ptr& error : errors) {
        if (error) {
            std::rethrow_exception(error);
        }
    }
}

} // namespace evsim
