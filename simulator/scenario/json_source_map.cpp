#include "simulator/scenario/json_source_map.h"

#include "simulator/scenario/json_string.h"

#include <climits>

namespace evsim {

// Keeps every value's place, each object's members and each array's elements.
class JsonSourceMap::Builder final : public JsonScanner::Visitor {
public:
    explicit Builder(JsonSourceMap& map) : m_map(map) {}

    std::uint32_t value(const std::string&, std::uint32_t parent, const std::string* key,
                        SourcePosition keyAt, SourcePosition valueAt, bool isArray) override {
        const auto node = static_cast<std::uint32_t>(m_map.m_nodes.size());
        Node n{keyAt, valueAt};
        if (isArray) {
            n.elements = static_cast<std::uint32_t>(m_map.m_elements.size());
            m_map.m_elements.emplace_back();
        }
        m_map.m_nodes.push_back(n);
        if (parent != kNone && key != nullptr) {
            m_map.m_members.insert_or_assign({parent, *key}, node); // the later one wins
        } else if (parent != kNone) {
            m_map.m_elements[m_map.m_nodes[parent].elements].push_back(node);
        }
        return node;
    }

private:
    JsonSourceMap& m_map;
};

JsonSourceMap::JsonSourceMap(std::string_view text) {
    Builder builder(*this);
    JsonScanner scanner(text, &builder);
    scanner.run();
    m_problem = scanner.problem();
    m_duplicates = scanner.duplicateKeys();
}

std::optional<std::uint32_t> JsonSourceMap::find(std::string_view path, bool nearest) const {
    if (m_nodes.empty() || path.empty() || path[0] != '$') {
        return std::nullopt;
    }
    std::uint32_t node = 0;
    std::size_t i = 1;
    const auto missing = [&]() -> std::optional<std::uint32_t> {
        return nearest ? std::optional<std::uint32_t>(node) : std::nullopt;
    };
    while (i < path.size()) {
        const Node& n = m_nodes[node];
        std::string key;
        const std::size_t elementCount = n.elements == kNone ? 0 : m_elements[n.elements].size();
        if (path[i] == '.') {
            std::size_t end = i + 1;
            while (end < path.size() && path[end] != '.' && path[end] != '[') {
                ++end;
            }
            key = path.substr(i + 1, end - i - 1);
            i = end;
        } else if (path.substr(i, 2) == "[\"") {
            const std::size_t end = decodeJsonString(path, i + 2, &key);
            if (end == std::string_view::npos || end >= path.size() || path[end] != ']') {
                return missing();
            }
            i = end + 1;
        } else if (path[i] == '[') {
            std::size_t index = 0;
            std::size_t end = i + 1;
            while (end < path.size() && path[end] >= '0' && path[end] <= '9' &&
                   index < m_nodes.size()) {
                index = index * 10 + static_cast<std::size_t>(path[end] - '0');
                ++end;
            }
            if (end >= path.size() || path[end] != ']' || index >= elementCount) {
                return missing();
            }
            node = m_elements[n.elements][index];
            i = end + 1;
            continue;
        } else {
            return missing();
        }
        const auto it = m_members.find({node, std::move(key)});
        if (it == m_members.end()) {
            return missing();
        }
        node = it->second;
    }
    return node;
}

std::optional<SourcePosition> JsonSourceMap::valueAt(std::string_view path) const {
    const auto node = find(path, false);
    if (!node || !m_nodes[*node].value.known()) {
        return std::nullopt;
    }
    return m_nodes[*node].value;
}

std::optional<SourcePosition> JsonSourceMap::keyAt(std::string_view path) const {
    const auto node = find(path, false);
    if (!node || !m_nodes[*node].key.known()) {
        return std::nullopt;
    }
    return m_nodes[*node].key;
}

SourcePosition JsonSourceMap::locate(std::string_view path) const {
    const auto node = find(path, true);
    return node ? m_nodes[*node].value : SourcePosition{};
}

std::string JsonSourceMap::memberPath(std::string_view parent, std::string_view key) {
    std::string out(parent);
    appendMemberPath(out, key);
    return out;
}

std::string JsonSourceMap::elementPath(std::string_view parent, std::size_t index) {
    std::string out(parent);
    appendElementPath(out, index);
    return out;
}

SourcePosition JsonSourceMap::positionOf(std::string_view text, std::size_t offset) {
    SourcePosition pos{1, 1};
    std::size_t i = text.substr(0, 3) == "\xEF\xBB\xBF" ? 3 : 0;
    const std::size_t end = offset < text.size() ? offset : text.size();
    for (; i < end; ++i) {
        if (text[i] == '\n') {
            pos.line += pos.line < INT_MAX ? 1 : 0;
            pos.column = 1;
        } else if ((static_cast<unsigned char>(text[i]) & 0xC0) != 0x80) {
            pos.column += pos.column < INT_MAX ? 1 : 0;
        }
    }
    return pos;
}

} // namespace evsim
