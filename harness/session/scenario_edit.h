#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace evsim {

// One value of a scenario set from the app's properties panel: the member `keys` of the
// object at `objectPath` becomes `json`. `keys` may go down through objects ({"arguments",
// "x-message-ttl"}); `json` is the new value's JSON text ("3", "\"20/s\"",
// "{\"exponential\": \"20ms\"}").
//
// The canvas adds and removes parts: Append adds `json` as the last element of the array
// member `keys` (the member is added when missing), RemoveElement removes the array element
// at `objectPath` itself ("$.broker.bindings[2]"; `keys` and `json` unused).
struct ScenarioEdit {
    enum class Change : std::uint8_t { Set, Append, RemoveElement };

    std::string objectPath; // "$.broker.queues[0]", as JsonSourceMap writes paths
    std::vector<std::string> keys;
    std::string json; // Set: "" removes the member, and its default applies again
    Change change = Change::Set;
};

// The scenario text with the edit made and everything else - comments, layout, key order -
// as the user wrote it: the member's value is replaced, or, when it is missing, the member is
// added first in its object (with the objects on the way to it). An empty json removes the
// member, with the comma that joined it and, when it stood on a line of its own, that line;
// an element is removed the same way, and one appended goes on a line of its own, indented as
// the one before it, when the array is laid out over lines (an array that is missing is
// added as the object's last member, laid out the same way).
// nullopt and `error` when `objectPath` is not an object (an element) of the text.
std::optional<std::string> withEdit(std::string_view text, const ScenarioEdit& edit,
                                    std::string& error);

} // namespace evsim
