#include "harness/session/json_fields.h"

#include <nlohmann/json.hpp>

namespace evsim {

std::string textOf(const nlohmann::ordered_json& object, const char* key) {
    return object.is_object() && object.contains(key) && object[key].is_string()
               ? object[key].get<std::string>()
               : std::string();
}

int indexWhere(const nlohmann::ordered_json& array, const char* key, std::string_view value) {
    for (std::size_t i = 0; array.is_array() && i < array.size(); ++i) {
        const nlohmann::ordered_json& e = array[i];
        if (e.is_object() && e.contains(key) && e[key].is_string() &&
            e[key].get_ref<const std::string&>() == value) {
            return static_cast<int>(i);
        }
    }
    return -1;
}

} // namespace evsim
