#include "simulator/broker/amqp/topic_matcher.h"

#include <algorithm>

namespace evsim {

std::vector<std::string_view> TopicMatcher::words(std::string_view key) {
    std::vector<std::string_view> out;
    if (key.empty()) {
        return out;
    }
    for (std::size_t start = 0;;) {
        const std::size_t dot = key.find('.', start);
        if (dot == std::string_view::npos) {
            out.push_back(key.substr(start));
            return out;
        }
        out.push_back(key.substr(start, dot - start));
        start = dot + 1;
    }
}

std::uint32_t TopicMatcher::child(std::uint32_t node, std::string_view word) {
    std::uint32_t found = kNone;
    if (word == "*") {
        found = m_nodes[node].star;
    } else if (word == "#") {
        found = m_nodes[node].hash;
    } else if (const auto it = m_nodes[node].children.find(word);
               it != m_nodes[node].children.end()) {
        found = it->second;
    }
    if (found != kNone) {
        return found;
    }
    const auto next = static_cast<std::uint32_t>(m_nodes.size());
    m_nodes.emplace_back(); // moves the nodes: the parent is looked up again below
    Node& parent = m_nodes[node];
    if (word == "*") {
        parent.star = next;
    } else if (word == "#") {
        parent.hash = next;
        m_nodes[next].isHash = true;
    } else {
        parent.children.emplace(std::string(word), next);
    }
    return next;
}

void TopicMatcher::add(std::string_view pattern, std::uint32_t binding) {
    std::uint32_t node = 0;
    for (const std::string_view word : words(pattern)) {
        node = child(node, word);
    }
    m_nodes[node].bindings.push_back(binding);
}

void TopicMatcher::match(std::string_view key, std::vector<std::uint32_t>& bindings) const {
    bindings.clear();
    const std::vector<std::string_view> w = words(key);
    const std::size_t positions = w.size() + 1;
    // A state is (node, words consumed); each is visited once, which bounds the work however
    // the patterns nest their `#`s.
    std::vector<bool> seen(m_nodes.size() * positions, false);
    std::vector<std::pair<std::uint32_t, std::size_t>> pending{{0, 0}};
    while (!pending.empty()) {
        const auto [node, at] = pending.back();
        pending.pop_back();
        const std::size_t state = node * positions + at;
        if (seen[state]) {
            continue;
        }
        seen[state] = true;
        const Node& n = m_nodes[node];
        if (at == w.size()) {
            bindings.insert(bindings.end(), n.bindings.begin(), n.bindings.end());
        }
        if (n.hash != kNone) {
            pending.emplace_back(n.hash, at); // a `#` that has taken no word yet
        }
        if (at < w.size()) {
            if (n.isHash) {
                pending.emplace_back(node, at + 1); // the `#` takes one more word
            }
            if (const auto it = n.children.find(w[at]); it != n.children.end()) {
                pending.emplace_back(it->second, at + 1);
            }
            if (n.star != kNone) {
                pending.emplace_back(n.star, at + 1);
            }
        }
    }
    std::sort(bindings.begin(), bindings.end());
    bindings.erase(std::unique(bindings.begin(), bindings.end()), bindings.end());
}

} // namespace evsim
