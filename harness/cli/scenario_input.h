#pragma once

#include <string>
#include <string_view>

namespace evsim {

// For the commands that read a scenario (run, validate, record, sweep): when `file` is a
// recording instead, says so on standard error ("evsim run: x.evrec is a recording, not a
// scenario; ...") with the command that runs it, and returns true.
bool refusedAsRecording(std::string_view command, const std::string& file);

} // namespace evsim
