#pragma once

#include <optional>
#include <string>

namespace evsim {

// A YAML document as JSON text (AsyncAPI documents are YAML more often than JSON; JSON is YAML
// too). Plain scalars that YAML 1.2's core schema reads as null, booleans or numbers become
// those; quoted ones stay strings. nullopt, with `error` set to the parser's message and line,
// for text that is not YAML.
std::optional<std::string> yamlToJson(const std::string& text, std::string& error);

} // namespace evsim
