#include "harness/run/failure_expectations.h"

#include "harness/query/alert_firings.h"
#include "simulator/engine/simulation.h"

#include <optional>

namespace evsim {
namespace {

bool hasAlertRule(const Simulation& sim, const std::string& name) {
    for (const AlertRule& rule : sim.alertRules()) {
        if (rule.name == name) {
            return true;
        }
    }
    return false;
}

const Intervention* interventionNamed(const Simulation& sim, const std::string& name,
                                      std::uint32_t* index = nullptr) {
    const auto& all = sim.interventions();
    for (std::size_t i = 0; i < all.size(); ++i) {
        if (!name.empty() && all[i].name == name) {
            if (index != nullptr) {
                *index = static_cast<std::uint32_t>(i);
            }
            return &all[i];
        }
    }
    return nullptr;
}

std::string after(SimTime from, SimTime t) {
    return formatDurationShort(t - from) + " after";
}

ExpectationResult alertFired(const Expectation& e, const std::vector<AlertFiring>& firings,
                             ExpectationResult r) {
    r.subject = "alert " + e.subject + " fired";
    const auto raised = static_cast<std::int64_t>(firings.size());
    r.passed = e.range.contains(raised);
    r.expected = e.range.max && *e.range.max == 0 && !e.range.min ? "never" : r.expected + " times";
    r.seen = raised == 0 ? "never"
                         : std::to_string(raised) + " time" + (raised == 1 ? "" : "s") +
                               ", first at " + formatDurationShort(firings.front().raisedAt);
    return r;
}

ExpectationResult alertFiredWithin(const Expectation& e, const Simulation& sim,
                                   const std::vector<AlertFiring>& firings, ExpectationResult r) {
    const SimTime within = SimTime::fromNanos(e.within);
    r.subject = "alert " + e.subject + " fired after " + e.intervention;
    r.expected = "within " + formatDurationShort(within);
    const Intervention* i = interventionNamed(sim, e.intervention);
    if (i == nullptr) {
        r.seen = "no intervention named " + e.intervention + " in the run";
        return r;
    }
    for (const AlertFiring& f : firings) {
        if (f.raisedAt >= i->at) {
            r.passed = f.raisedAt - i->at <= within;
            r.seen = after(i->at, f.raisedAt) + " (" + formatDurationShort(f.raisedAt) + ")";
            return r;
        }
    }
    r.seen = "never after it";
    return r;
}

ExpectationResult alertResolvedBy(const Expectation& e, const std::vector<AlertFiring>& firings,
                                  ExpectationResult r) {
    const SimTime by = SimTime::fromNanos(e.within);
    r.subject = "alert " + e.subject + " resolved";
    r.expected = "by " + formatDurationShort(by);
    // The last firing raised by then decides: still raised, or resolved (and when).
    const AlertFiring* last = nullptr;
    for (const AlertFiring& f : firings) {
        if (f.raisedAt <= by) {
            last = &f;
        }
    }
    const bool raised = last != nullptr && (!last->resolvedAt || *last->resolvedAt > by);
    r.passed = last != nullptr && !raised;
    r.seen = last == nullptr ? "never raised by then"
             : raised        ? "still raised at " + formatDurationShort(by)
                             : "resolved at " + formatDurationShort(*last->resolvedAt);
    return r;
}

ExpectationResult lostBy(const Expectation& e, const Simulation& sim, ExpectationResult r) {
    r.subject = "copies lost because of " + e.intervention;
    std::uint32_t index = 0;
    if (interventionNamed(sim, e.intervention, &index) == nullptr) {
        r.seen = "no intervention named " + e.intervention + " in the run";
        return r;
    }
    const std::uint64_t lost = sim.losses().byIntervention(index + 1);
    r.passed = e.range.contains(static_cast<std::int64_t>(lost));
    r.seen = std::to_string(lost);
    return r;
}

ExpectationResult drainedWithin(const Expectation& e, const Simulation& sim, ExpectationResult r) {
    const SimTime within = SimTime::fromNanos(e.within);
    r.subject = "queue " + e.subject + " drained after " + e.intervention;
    r.expected = "within " + formatDurationShort(within);
    const Intervention* i = interventionNamed(sim, e.intervention);
    const std::optional<QueueIndex> queue = sim.broker().queueIndex(e.subject);
    if (i == nullptr || !queue) {
        r.seen = "no intervention named " + e.intervention + " in the run";
        return r;
    }
    const SimTime from = effectEnd(*i);
    for (const SimTime t : sim.broker().drainTimes(*queue)) {
        if (t >= from) {
            r.passed = t - from <= within;
            r.seen = after(from, t) + " its effect ended (at " + formatDurationShort(t) + ")";
            return r;
        }
    }
    const QueueGauge g = sim.broker().gauge(*queue);
    r.seen = "not drained by the end (" + std::to_string(g.ready + g.unacked) + " still held)";
    return r;
}

} // namespace

ExpectationResult checkFailure(const Expectation& e, const Simulation& sim, ExpectationResult r) {
    switch (e.kind) {
    case Expectation::Kind::LostByIntervention:
        return lostBy(e, sim, std::move(r));
    case Expectation::Kind::DrainedWithin:
        return drainedWithin(e, sim, std::move(r));
    default:
        break;
    }
    if (!hasAlertRule(sim, e.subject)) {
        r.subject = "alert " + e.subject;
        r.seen = "no such alert rule in the run";
        return r;
    }
    const std::vector<AlertFiring> firings = alertFirings(sim, e.subject);
    switch (e.kind) {
    case Expectation::Kind::AlertFired:
        return alertFired(e, firings, std::move(r));
    case Expectation::Kind::AlertFiredWithin:
        return alertFiredWithin(e, sim, firings, std::move(r));
    default:
        return alertResolvedBy(e, firings, std::move(r));
    }
}

} // namespace evsim
