#include "simulator/engine/sink_attachment.h"

#include "simulator/engine/simulation.h"

namespace evsim {

SinkAttachment& SinkAttachment::operator=(SinkAttachment&& other) noexcept {
    if (this != &other) {
        reset();
        m_simulation = other.m_simulation;
        m_records = other.m_records;
        m_metrics = other.m_metrics;
        other.m_simulation = nullptr;
    }
    return *this;
}

void SinkAttachment::reset() {
    if (m_simulation != nullptr) {
        m_simulation->detach(m_records, m_metrics);
        m_simulation = nullptr;
    }
}

} // namespace evsim
