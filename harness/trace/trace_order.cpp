#include "harness/trace/trace_order.h"

#include <algorithm>
#include <map>

namespace evsim {

std::vector<TraceGroup> tracesInOrder(const TraceSet& set) {
    std::vector<TraceGroup> out;
    std::map<std::uint32_t, std::size_t> byRoot; // root message -> index in out
    for (std::size_t i = 0; i < set.spans.size(); ++i) {
        const std::uint32_t root = set.spans[i].root;
        auto [it, fresh] = byRoot.emplace(root, out.size());
        if (fresh) {
            out.push_back({root, {}});
        }
        out[it->second].spans.push_back(i);
    }
    for (TraceGroup& g : out) {
        std::stable_sort(g.spans.begin(), g.spans.end(), [&set](std::size_t a, std::size_t b) {
            return set.spans[a].start < set.spans[b].start;
        });
    }
    return out;
}

} // namespace evsim
