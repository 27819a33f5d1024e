#include "gui/views/topology/link_faults.h"

#include "simulator/scenario/scenario.h"

#include <QStringList>
#include <cmath>

namespace evsim::gui {
namespace {

bool covers(LinkDirection direction, bool toBroker) {
    return direction == LinkDirection::Both || (direction == LinkDirection::ToBroker) == toBroker;
}

QString percent(double p) {
    return QString::number(std::round(p * 1000) / 10) + QLatin1Char('%');
}

QString describe(const LinkFault& f) {
    if (f.partition) {
        return QStringLiteral("partitioned");
    }
    QStringList parts;
    if (f.loss > 0) {
        parts << QStringLiteral("loss ") + percent(f.loss);
    }
    if (f.duplicate > 0) {
        parts << QStringLiteral("dup ") + percent(f.duplicate);
    }
    if (f.reorder > 0) {
        parts << QStringLiteral("reorder ") + percent(f.reorder);
    }
    if (f.latency) {
        const double ms = f.latency->meanNanos() / 1e6;
        parts << QStringLiteral("~%1 ms").arg(ms < 10 ? std::round(ms * 10) / 10 : std::round(ms));
    }
    if (f.jitter > SimTime::zero()) {
        parts << QStringLiteral("jitter %1 ms").arg(static_cast<double>(f.jitter.nanos()) / 1e6);
    }
    return parts.isEmpty() ? QStringLiteral("fault") : parts.join(QStringLiteral(" · "));
}

} // namespace

LinkCondition linkConditionAt(const Scenario& effective, const std::string& service, bool toBroker,
                              SimTime t) {
    LinkCondition condition;
    SimTime since = SimTime::zero();
    for (const Intervention& i : effective.timeline) {
        if (i.at > t || i.at < since) {
            continue;
        }
        if (const auto* f = std::get_if<LinkFault>(&i.action)) {
            if (f->target.service == service && covers(f->direction, toBroker) &&
                (!f->duration || i.at + *f->duration > t)) {
                condition = LinkCondition{describe(*f), f->partition};
                since = i.at;
            }
        } else if (const auto* h = std::get_if<Heal>(&i.action)) {
            if (h->target.service == service && covers(h->direction, toBroker)) {
                condition = {};
                since = i.at;
            }
        }
    }
    return condition;
}

} // namespace evsim::gui
