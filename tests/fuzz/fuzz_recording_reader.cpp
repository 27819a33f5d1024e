// Feeds arbitrary bytes to the recording reader (the .evrec files that replay, test, export
// and the desktop app read). Crashes, sanitizer reports, hangs and broken contracts (checked
// below with __builtin_trap) are findings.
#include "harness/recording/recording.h"
#include "harness/recording/recording_checks.h"
#include "simulator/scenario/json_scanner.h"

#include <cstddef>
#include <cstdint>
#include <string_view>

namespace {

void check(bool ok) {
    if (!ok) {
        __builtin_trap();
    }
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    const auto result = evsim::parseRecording(text, "fuzz.evrec");

    // A value or errors, never both; every error is located in the text.
    check(result.ok() == result.errors.empty());
    for (const evsim::LoadError& e : result.errors) {
        check(e.line > 0);
        check(!e.format().empty());
    }
    if (result.ok()) {
        // What the reader accepts holds together (docs/recording-format.md), and writing it
        // out reads back as the same recording.
        const evsim::Recording& r = *result.value;
        check(evsim::recordingInconsistencies(r, "fuzz.evrec").empty());
        check(r.checkpointEvery >= 1 && r.until > evsim::SimTime::zero());
        const auto again = evsim::parseRecording(evsim::recordingJson(r), "again.evrec");
        check(again.ok() && *again.value == r);
    }

    // The scans without a map survive the same bytes and answer every path asked.
    (void)evsim::checkJsonText(text);
    const auto at = evsim::locateJsonPaths(text, {"$.checkpoints[3].record", R"($["a.b"][0])"});
    check(at.size() == 2);
    return 0;
}
