#include "harness/cli/yaml_json.h"

#include <nlohmann/json.hpp>
#include <regex>
#include <yaml-cpp/yaml.h>

namespace evsim {
namespace {

using Json = nlohmann::ordered_json;

// Anchors and aliases could make a small text a huge document; this bounds the nesting walked.
constexpr int kMaxDepth = 64;

Json scalar(const YAML::Node& node) {
    const std::string& text = node.Scalar();
    if (node.Tag() != "?") {
        return text; // quoted, or tagged: a string as written
    }
    static const std::regex integer(R"([-+]?(0|[1-9][0-9]*))");
    static const std::regex number(R"([-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?)");
    if (text.empty() || text == "~" || text == "null" || text == "Null" || text == "NULL") {
        return nullptr;
    }
    if (text == "true" || text == "True" || text == "TRUE") {
        return true;
    }
    if (text == "false" || text == "False" || text == "FALSE") {
        return false;
    }
    if (std::regex_match(text, integer) && text.size() < 19) {
        return std::stoll(text);
    }
    if (std::regex_match(text, number)) {
        return std::stod(text);
    }
    return text;
}

Json convert(const YAML::Node& node, int depth) {
    if (depth > kMaxDepth) {
        throw std::runtime_error("nested more than 64 levels deep");
    }
    switch (node.Type()) {
    case YAML::NodeType::Map: {
        Json out = Json::object();
        for (const auto& member : node) {
            out[member.first.as<std::string>()] = convert(member.second, depth + 1);
        }
        return out;
    }
    case YAML::NodeType::Sequence: {
        Json out = Json::array();
        for (const auto& element : node) {
            out.push_back(convert(element, depth + 1));
        }
        return out;
    }
    case YAML::NodeType::Scalar:
        return scalar(node);
    case YAML::NodeType::Null:
    case YAML::NodeType::Undefined:
        break;
    }
    return nullptr;
}

} // namespace

std::optional<std::string> yamlToJson(const std::string& text, std::string& error) {
    try {
        return convert(YAML::Load(text), 0).dump();
    } catch (const YAML::Exception& e) {
        error = "line " + std::to_string(e.mark.line + 1) + ": " + e.msg;
    } catch (const std::exception& e) {
        error = e.what();
    }
    return std::nullopt;
}

} // namespace evsim
