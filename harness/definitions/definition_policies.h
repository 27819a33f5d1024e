#pragma once

#include <cstddef>
#include <nlohmann/json.hpp>
#include <regex>
#include <string>
#include <string_view>
#include <vector>

namespace evsim {

// The policies of one virtual host, as a definitions file lists them, and the one RabbitMQ
// 3.10 applies to a queue or an exchange: of those whose `apply-to` fits ("all", "queues" or
// "exchanges") and whose pattern is found in the name, the highest priority; among equals,
// the first in the file.
class DefinitionPolicies {
public:
    struct Policy {
        std::size_t index = 0; // in the file's "policies"
        std::string name;
        std::regex pattern;
        std::string applyTo;
        int priority = 0;
        nlohmann::json definition;
        bool used = false; // applied to something
    };

    // Adds entry `index` of "policies"; a pattern that is no regular expression is noted in
    // `notes` and the policy left out.
    void add(std::size_t index, const nlohmann::json& entry, std::vector<std::string>& notes);

    // The policy for `name` of `kind` ("queues" or "exchanges"), marked used; nullptr if none.
    Policy* applying(const std::string& name, std::string_view kind);

    const std::vector<Policy>& all() const { return m_policies; }

private:
    std::vector<Policy> m_policies; // highest priority first, then file order
};

} // namespace evsim
