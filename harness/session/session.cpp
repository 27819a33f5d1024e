#include "harness/session/session.h"

#include "harness/io/output_file.h"
#include "harness/io/timeline_writer.h"
#include "simulator/scenario/scenario_loader.h"

#include <fstream>
#include <sstream>

namespace evsim {

LoadResult<Session> Session::open(const std::string& path) {
    LoadResult<Session> result;
    LoadResult<Scenario> loaded = loadScenarioFile(path);
    if (!loaded.ok()) {
        result.errors = std::move(loaded.errors);
        return result;
    }
    Session s;
    s.m_scenario = std::move(*loaded.value);
    s.m_path = path;
    std::ifstream in(path, std::ios::binary);
    std::stringstream text;
    text << in.rdbuf();
    s.m_text = text.str();
    result.value = std::move(s);
    return result;
}

Session Session::of(Scenario scenario) {
    Session s;
    s.m_scenario = std::move(scenario);
    return s;
}

Session Session::of(Scenario scenario, std::string path, std::string text) {
    Session s;
    s.m_scenario = std::move(scenario);
    s.m_path = std::move(path);
    s.m_text = std::move(text);
    return s;
}

Status Session::add(const Intervention& intervention) {
    if (std::string error = checkIntervention(ScenarioTargets(m_scenario), intervention);
        !error.empty()) {
        return Status::refused(std::move(error));
    }
    m_added.push_back(intervention);
    return Status::done();
}

void Session::remove(std::size_t index) {
    if (index < m_added.size()) {
        m_added.erase(m_added.begin() + static_cast<std::ptrdiff_t>(index));
    }
}

Status Session::moveTo(std::size_t index, SimTime at) {
    if (index >= m_added.size()) {
        return Status::refused("no such intervention");
    }
    Intervention moved = m_added[index];
    moved.at = at;
    if (std::string error = checkIntervention(ScenarioTargets(m_scenario), moved); !error.empty()) {
        return Status::refused(std::move(error));
    }
    m_added[index] = moved;
    return Status::done();
}

Status Session::edit(const ScenarioEdit& change) {
    return edit(std::vector<ScenarioEdit>{change});
}

Status Session::edit(const std::vector<ScenarioEdit>& edits) {
    if (m_text.empty()) {
        return Status::refused("this session has no scenario file to edit");
    }
    std::optional<std::string> text = m_text;
    for (const ScenarioEdit& change : edits) {
        std::string error;
        text = withEdit(*text, change, error);
        if (!text) {
            return Status::refused(std::move(error));
        }
    }
    LoadResult<Scenario> loaded = parseScenario(*text, m_path);
    if (!loaded.ok()) {
        const LoadError& first = loaded.errors.front();
        return Status::refused(first.message + (first.hint.empty() ? "" : " (" + first.hint + ")"));
    }
    if (recorded) {
        loaded.value->duration = m_scenario.duration; // a recording's run length, not the file's
    }
    for (const Intervention& i : m_added) {
        if (std::string why = checkIntervention(ScenarioTargets(*loaded.value), i); !why.empty()) {
            return Status::refused("an intervention added in this session would no longer fit: " +
                                   why);
        }
    }
    m_text = std::move(*text);
    m_scenario = std::move(*loaded.value);
    m_edited = true;
    return Status::done();
}

Scenario Session::effective() const {
    Scenario s = m_scenario;
    s.timeline.insert(s.timeline.end(), m_added.begin(), m_added.end());
    return s;
}

Status Session::saveAs(const std::string& path) const {
    if (m_text.empty()) {
        return Status::refused("this session has no scenario file to save into");
    }
    std::string error;
    const std::optional<std::string> text = withTimelineEntries(m_text, m_added, error);
    if (!text) {
        return Status::refused(std::move(error));
    }
    return writeWholeFile(path, withSchemaMovedTo(*text, m_path, path));
}

} // namespace evsim
