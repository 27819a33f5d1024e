#include "harness/cli/scenario_input.h"

#include "harness/recording/recording.h"
#include "simulator/scenario/printable.h"

#include <iostream>

namespace evsim {

bool refusedAsRecording(std::string_view command, const std::string& file) {
    if (!looksLikeRecording(file)) {
        return false;
    }
    const std::string shown = printable(file);
    std::cerr << "evsim " << command << ": " << shown
              << " is a recording, not a scenario; `evsim replay " << shown
              << "` runs it again and checks its digest\n";
    return true;
}

} // namespace evsim
