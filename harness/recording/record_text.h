#pragma once

#include "simulator/observe/entity_table.h"
#include "simulator/observe/record.h"

#include <string>

namespace evsim {

// One record as a person reads it, on one line, safe for a terminal (names go through
// printable()): "1.503s delivered msg-12 orders -> billing#0 attempt 2 (redelivered)".
std::string recordText(const EntityTable& entities, const Record& record);

} // namespace evsim
