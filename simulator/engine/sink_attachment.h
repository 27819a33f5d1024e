#pragma once

#include <utility>
#include <vector>

namespace evsim {

class MetricsSink;
class RecordSink;
class Simulation;

// A sink attached to a simulation (Simulation::attach) for as long as this lives: it is
// detached when this ends, so a run never calls a sink that is gone and no caller has to
// remember to clear one. It must end before the simulation does; RunOptions::watch keeps it
// for exactly the run. Move-only.
class [[nodiscard]] SinkAttachment {
public:
    SinkAttachment() = default;
    SinkAttachment(SinkAttachment&& other) noexcept {
        *this = static_cast<SinkAttachment&&>(other);
    }
    SinkAttachment& operator=(SinkAttachment&& other) noexcept;
    SinkAttachment(const SinkAttachment&) = delete;
    SinkAttachment& operator=(const SinkAttachment&) = delete;
    ~SinkAttachment() { reset(); }

    // Detaches now.
    void reset();

private:
    friend class Simulation;
    SinkAttachment(Simulation& simulation, RecordSink* records, MetricsSink* metrics)
        : m_simulation(&simulation), m_records(records), m_metrics(metrics) {}

    Simulation* m_simulation = nullptr;
    RecordSink* m_records = nullptr;
    MetricsSink* m_metrics = nullptr;
};

// The attachments as one list, what RunOptions::watch returns (a vector of move-only values
// cannot be brace-initialised).
template <typename... Attachments> std::vector<SinkAttachment> attachments(Attachments&&... each) {
    std::vector<SinkAttachment> list;
    list.reserve(sizeof...(each));
    (list.push_back(std::forward<Attachments>(each)), ...);
    return list;
}

} // namespace evsim
