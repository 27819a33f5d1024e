#include "harness/suite/shrink.h"

#include "harness/run/runner.h"
#include "simulator/scenario/scenario_loader.h"

#include <fmt/format.h>
#include <functional>
#include <nlohmann/json.hpp>
#include <optional>

namespace evsim {
namespace {

using Json = nlohmann::ordered_json;

// A candidate change: edits `j` in place and says what it changed, or returns nullopt when
// it does not apply (nothing left to halve or remove).
using Edit = std::function<std::optional<ShrinkChange>(Json& j)>;

std::string serviceLabel(const Json& service, std::size_t index) {
    if (service.contains("name") && service["name"].is_string()) {
        return "services[" + service["name"].get<std::string>() + "]";
    }
    return fmt::format("services[{}]", index);
}

std::string producerLabel(const Json& j, std::size_t s, std::size_t p) {
    const Json& producer = j["services"][s]["produces"][p];
    std::string label = serviceLabel(j["services"][s], s) + fmt::format(".produces[{}]", p);
    if (producer.contains("event") && producer["event"].is_string()) {
        label += " (" + producer["event"].get<std::string>() + ")";
    }
    return label;
}

class Shrinker {
public:
    Shrinker(const std::string& fileName, const ShrinkTarget& target, std::size_t maxRuns,
             const std::atomic<bool>* cancel)
        : m_fileName(fileName), m_target(target), m_maxRuns(maxRuns), m_cancel(cancel) {}

    // Whether `j` loads and its run fails the target; its size when it does.
    std::optional<RunSize> fails(const Json& j) {
        ++m_runs;
        LoadResult<Scenario> loaded = parseScenario(j.dump(2), m_fileName);
        if (!loaded.ok()) {
            return std::nullopt;
        }
        RunOptions options;
        options.seed = m_target.seed;
        options.keepRecords = false;
        options.cancel = m_cancel;
        const RunOutcome outcome = runScenario(*loaded.value, options);
        if (!outcome.completed() || m_target.index >= outcome.expectations.size()) {
            return std::nullopt;
        }
        const ExpectationResult& e = outcome.expectations[m_target.index];
        if (e.passed || e.expectation.kind != m_target.kind || e.subject != m_target.subject) {
            return std::nullopt;
        }
        return RunSize{outcome.summary.records, outcome.summary.conservation.published};
    }

    bool exhausted() const {
        return m_runs >= m_maxRuns || (m_cancel != nullptr && m_cancel->load());
    }

    // Applies `edit` to `j` over and over while the result still fails the target.
    bool repeat(Json& j, const Edit& edit) {
        bool changed = false;
        while (!exhausted()) {
            Json candidate = j;
            const std::optional<ShrinkChange> change = edit(candidate);
            if (!change) {
                break;
            }
            const std::optional<RunSize> size = fails(candidate);
            if (!size) {
                break;
            }
            j = std::move(candidate);
            m_size = *size;
            note(*change);
            changed = true;
        }
        return changed;
    }

    void note(const ShrinkChange& change) {
        for (ShrinkChange& c : m_changes) {
            if (c.what == change.what) {
                c.after = change.after;
                return;
            }
        }
        m_changes.push_back(change);
    }

    std::size_t runs() const { return m_runs; }
    const std::vector<ShrinkChange>& changes() const { return m_changes; }
    RunSize size() const { return m_size; }
    void setSize(RunSize size) { m_size = size; }

private:
    const std::string& m_fileName;
    const ShrinkTarget& m_target;
    std::size_t m_maxRuns;
    const std::atomic<bool>* m_cancel;
    std::size_t m_runs = 0;
    RunSize m_size;
    std::vector<ShrinkChange> m_changes;
};

std::size_t arraySize(const Json& j, const char* key) {
    return j.contains(key) && j[key].is_array() ? j[key].size() : 0;
}

// Halves a producer's message count, or its rate when it has no count.
std::optional<ShrinkChange> halveMessages(Json& j, std::size_t s, std::size_t p) {
    Json& producer = j["services"][s]["produces"][p];
    const std::string label = producerLabel(j, s, p);
    if (producer.contains("count") && producer["count"].is_number_unsigned()) {
        const auto count = producer["count"].get<std::uint64_t>();
        if (count <= 1) {
            return std::nullopt;
        }
        producer["count"] = count / 2;
        return ShrinkChange{label + " count", std::to_string(count), std::to_string(count / 2)};
    }
    if (producer.contains("rate") && producer["rate"].is_string()) {
        const std::string before = producer["rate"].get<std::string>();
        const std::optional<Rate> rate = parseRate(before);
        if (!rate || rate->perSecond < 2e-3) {
            return std::nullopt;
        }
        const std::string after = formatRate(Rate{rate->perSecond / 2});
        producer["rate"] = after;
        return ShrinkChange{label + " rate", before, after};
    }
    return std::nullopt;
}

std::optional<ShrinkChange> removeAt(Json& array, std::size_t i, std::string label) {
    if (i >= array.size()) {
        return std::nullopt;
    }
    array.erase(array.begin() + static_cast<std::ptrdiff_t>(i));
    return ShrinkChange{std::move(label), "present", "removed"};
}

std::optional<ShrinkChange> halveInstances(Json& j, std::size_t s) {
    Json& service = j["services"][s];
    if (!service.contains("instances") || !service["instances"].is_number_unsigned()) {
        return std::nullopt;
    }
    const auto n = service["instances"].get<std::uint64_t>();
    if (n <= 1) {
        return std::nullopt;
    }
    service["instances"] = n / 2;
    return ShrinkChange{serviceLabel(service, s) + " instances", std::to_string(n),
                        std::to_string(n / 2)};
}

std::optional<ShrinkChange> halveDuration(Json& j) {
    // The loader's default duration when the file gives none.
    SimTime duration = SimTime::fromSeconds(10);
    if (j.contains("duration") && j["duration"].is_string()) {
        const auto parsed = parseDuration(j["duration"].get<std::string>());
        if (!parsed) {
            return std::nullopt;
        }
        duration = *parsed;
    }
    const SimTime half = SimTime::fromNanos(duration.nanos() / 2);
    if (half < SimTime::fromMillis(1)) {
        return std::nullopt; // runs this short are not worth halving further
    }
    j["duration"] = formatDuration(half);
    return ShrinkChange{"duration", formatDuration(duration), formatDuration(half)};
}

// One greedy pass over every kind of reduction, in the order: messages, producers,
// instances, consumers, services, timeline, duration. True when anything changed.
bool pass(Shrinker& shrinker, Json& j) {
    bool changed = false;
    const auto services = [&] {
        return arraySize(j, "services");
    };
    for (std::size_t s = 0; s < services(); ++s) {
        for (std::size_t p = 0; p < arraySize(j["services"][s], "produces"); ++p) {
            changed |= shrinker.repeat(j, [s, p](Json& c) { return halveMessages(c, s, p); });
        }
    }
    for (std::size_t s = 0; s < services(); ++s) {
        for (std::size_t p = arraySize(j["services"][s], "produces"); p-- > 0;) {
            changed |= shrinker.repeat(j, [s, p](Json& c) -> std::optional<ShrinkChange> {
                if (p >= arraySize(c["services"][s], "produces")) {
                    return std::nullopt;
                }
                const std::string label = producerLabel(c, s, p);
                return removeAt(c["services"][s]["produces"], p, label);
            });
        }
    }
    for (std::size_t s = 0; s < services(); ++s) {
        changed |= shrinker.repeat(j, [s](Json& c) { return halveInstances(c, s); });
    }
    for (std::size_t s = 0; s < services(); ++s) {
        for (std::size_t k = arraySize(j["services"][s], "consumes"); k-- > 0;) {
            changed |= shrinker.repeat(j, [s, k](Json& c) -> std::optional<ShrinkChange> {
                if (k >= arraySize(c["services"][s], "consumes")) {
                    return std::nullopt;
                }
                const std::string label =
                    serviceLabel(c["services"][s], s) + fmt::format(".consumes[{}]", k);
                return removeAt(c["services"][s]["consumes"], k, label);
            });
        }
    }
    for (std::size_t s = services(); s-- > 0;) {
        changed |= shrinker.repeat(j, [s](Json& c) -> std::optional<ShrinkChange> {
            if (s >= arraySize(c, "services")) {
                return std::nullopt;
            }
            const std::string label = serviceLabel(c["services"][s], s);
            return removeAt(c["services"], s, label);
        });
    }
    for (std::size_t t = arraySize(j, "timeline"); t-- > 0;) {
        changed |= shrinker.repeat(j, [t](Json& c) -> std::optional<ShrinkChange> {
            if (t >= arraySize(c, "timeline")) {
                return std::nullopt;
            }
            return removeAt(c["timeline"], t, fmt::format("timeline[{}]", t));
        });
    }
    changed |= shrinker.repeat(j, halveDuration);
    return changed;
}

} // namespace

std::variant<ShrinkResult, std::string>
shrinkScenario(const std::string& text, const std::string& fileName, const ShrinkTarget& target,
               std::size_t maxRuns, const std::atomic<bool>* cancel) {
    Json j = Json::parse(text, nullptr, false, /*ignore_comments=*/true);
    if (j.is_discarded() || !j.is_object()) {
        return std::string("the scenario is not a JSON object");
    }
    j["seed"] = target.seed;
    Shrinker shrinker(fileName, target, maxRuns, cancel);
    const std::optional<RunSize> before = shrinker.fails(j);
    if (!before) {
        return fmt::format("seed {} does not fail expect[{}] as it did", target.seed, target.index);
    }
    shrinker.setSize(*before);
    while (!shrinker.exhausted() && pass(shrinker, j)) {
    }
    if (cancel != nullptr && cancel->load()) {
        return std::string("interrupted");
    }
    ShrinkResult out;
    out.text = j.dump(2) + "\n";
    out.changes = shrinker.changes();
    out.before = *before;
    out.after = shrinker.size();
    out.runs = shrinker.runs();
    return out;
}

} // namespace evsim
