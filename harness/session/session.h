#pragma once

#include "harness/session/scenario_edit.h"
#include "simulator/kernel/status.h"
#include "simulator/scenario/intervention.h"
#include "simulator/scenario/intervention_check.h"
#include "simulator/scenario/load_error.h"
#include "simulator/scenario/scenario.h"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace evsim {

// What the desktop app works on: a scenario file as loaded, the interventions added to it in
// the app, and an optional seed. Running a session runs the scenario with those interventions
// added to its timeline, so an interactive session is itself reproducible, and saving it
// writes a scenario file that `evsim run` gives the same digest for.
class Session {
public:
    // Reads and validates the file (errors as the CLI reports them).
    static LoadResult<Session> open(const std::string& path);
    // A session over a scenario built in code (no file to save into).
    static Session of(Scenario scenario);
    // A session over a scenario loaded from `text` elsewhere (a recording's embedded one);
    // `path` is the file it came from, `text` what saving it as a scenario starts from.
    static Session of(Scenario scenario, std::string path, std::string text);

    const Scenario& scenario() const { return m_scenario; }
    const std::string& path() const { return m_path; }
    const std::string& text() const { return m_text; }

    const std::vector<Intervention>& added() const { return m_added; }
    // Adds an intervention; refused, with why, when it names what the scenario lacks
    // (nothing is added then).
    Status add(const Intervention& intervention);
    void remove(std::size_t index);
    // Moves an added intervention to another time; refused, with why, when it cannot be.
    Status moveTo(std::size_t index, SimTime at);

    std::optional<std::uint64_t> seed;

    // What the recording a session was opened from says its run gives, to check the run
    // against (see recordingMismatch in harness/session/session_files.h); absent for a scenario.
    struct Recorded {
        std::uint64_t seed = 0;
        std::uint64_t digest = 0;
        std::uint64_t records = 0;
    };
    std::optional<Recorded> recorded;

    // Sets one value of the scenario (the app's properties panel): the file's text changes
    // there only, and the scenario is read again from it. Refused, with why, when the text no
    // longer loads or an added intervention no longer fits (nothing changes then).
    Status edit(const ScenarioEdit& edit);
    // Several edits made in order, as one: all of them, or (refused) none. Each edit's paths
    // are read in the text the edits before it left.
    Status edit(const std::vector<ScenarioEdit>& edits);
    // Values were set since the session was opened (the text differs from the file's).
    bool edited() const { return m_edited; }

    // The scenario with the added interventions at the end of its timeline.
    Scenario effective() const;
    // Writes the scenario file with the added interventions in its timeline, safely (see
    // OutputFile); refused, with the error, when it could not be written.
    Status saveAs(const std::string& path) const;

private:
    Scenario m_scenario;
    std::string m_path;
    std::string m_text;
    std::vector<Intervention> m_added;
    bool m_edited = false;
};

} // namespace evsim
