#include "gui/views/partitions/lanes_canvas.h"

#include "gui/theme/theme.h"
#include "simulator/observe/entity_table.h"

#include <QLocale>
#include <QPainter>
#include <algorithm>

namespace evsim::gui {
namespace {

constexpr int kMargin = 12;
constexpr int kHeading = 28;
constexpr int kLegend = 44; // two lines: the colours, then when the offsets were sampled
constexpr int kLane = 22;
constexpr int kGap = 12;
constexpr int kLabel = 170;   // partition and member
constexpr int kFigures = 360; // offsets, lag, leader and the rarer figures: at least this wide

QString number(std::uint64_t n) {
    return QLocale().toString(static_cast<qulonglong>(n));
}

QColor committedColour() {
    QColor c = Theme::ok();
    c.setAlphaF(0.45f);
    return c;
}

// In hand: on its way to a member or being processed, as a message in flight is drawn.
QColor inHandColour() {
    return Theme::eventType(1);
}

QColor lagColour() {
    QColor c = Theme::warning();
    c.setAlphaF(0.55f);
    return c;
}

// Offsets retention deleted: no longer in the log.
QBrush deletedBrush() {
    return {Theme::mutedText(), Qt::BDiagPattern};
}

// Offsets a read_committed group may not read yet: an open transaction holds them back.
QBrush heldBackBrush() {
    return {Theme::readable(Theme::warning()), Qt::FDiagPattern};
}

// Compaction's holes: the background shows through the compacted part of the log.
QBrush holesBrush() {
    return {Theme::base(), Qt::Dense5Pattern};
}

// The member's short name: "billing#1" of "billing#1<-billing".
QString memberName(const EntityTable& entities, EntityId id) {
    const std::string& name = entities[id].name;
    return QString::fromStdString(name.substr(0, name.find("<-")));
}

// The lane's figures, the offsets and lag first: what a narrow window cuts is the rarer detail.
QString figuresOf(const PartitionLanes::Lane& lane, bool sampled, const EntityTable& entities) {
    const PartitionSample& log = lane.offsets.log;
    const GroupPartitionSample& at = lane.offsets.group;
    QString figures;
    if (!sampled) {
        figures = LanesCanvas::tr("%1 of %2 committed · lag %3")
                      .arg(number(lane.committed), number(lane.taken), number(lane.lag()));
    } else if (at.reading) {
        figures = LanesCanvas::tr("committed %1 of %2 · lag %3")
                      .arg(number(at.committed), number(log.logEnd), number(at.lag));
    } else {
        figures = LanesCanvas::tr("%1 records · not read yet").arg(number(log.logEnd));
    }
    // A cluster's partition is read from its leader (KAFKA12): none, none read.
    if (lane.noLeader) {
        figures += LanesCanvas::tr(" · no leader");
    } else if (lane.leader != kNoEntity) {
        figures +=
            LanesCanvas::tr(" · leader %1").arg(QString::fromStdString(entities[lane.leader].name));
    }
    if (sampled && log.logStart > 0) { // retention (KAFKA10)
        figures += LanesCanvas::tr(" · starts at %1").arg(number(log.logStart));
    }
    if (sampled && log.lastStable < log.logEnd) { // an open transaction (KAFKA09)
        figures += LanesCanvas::tr(" · stable to %1").arg(number(log.lastStable));
    }
    if (sampled && log.compacted > 0) { // compaction (KAFKA11)
        figures += LanesCanvas::tr(" · %1 compacted").arg(number(log.compacted));
    }
    // Records retention deleted before the group read them are lost to it (KAFKA10).
    if (lane.deleted > 0) {
        figures += LanesCanvas::tr(" · %1 deleted unread").arg(number(lane.deleted));
    }
    // A read_committed group passes over what aborted transactions wrote (KAFKA09).
    if (lane.aborted > 0) {
        figures += LanesCanvas::tr(" · %1 aborted").arg(number(lane.aborted));
    }
    if (lane.skipped > 0) {
        figures += LanesCanvas::tr(" · %1 skipped").arg(number(lane.skipped));
    }
    if (lane.reread > 0) { // a seek back (KAFKA07)
        figures += LanesCanvas::tr(" · %1 read again").arg(number(lane.reread));
    }
    return figures;
}

} // namespace

LanesCanvas::LanesCanvas(QWidget* parent) : QWidget(parent) {
    setObjectName(QStringLiteral("partitionLanes"));
}

void LanesCanvas::show(const PartitionLanes* lanes, const EntityTable* entities) {
    m_lanes = lanes;
    m_entities = entities;
    setMinimumHeight(contentHeight());
    updateGeometry();
    update();
}

int LanesCanvas::contentHeight() const {
    int h = kMargin + kLegend;
    if (m_lanes != nullptr) {
        for (const PartitionLanes::Group& g : m_lanes->groups()) {
            h += kHeading + static_cast<int>(g.lanes.size()) * kLane + kGap;
        }
    }
    return h + kMargin;
}

QSize LanesCanvas::sizeHint() const {
    return {kLabel + kFigures + 400, contentHeight()};
}

void LanesCanvas::paintEvent(QPaintEvent*) {
    QPainter p(this);
    p.fillRect(rect(), Theme::base());
    if (m_lanes == nullptr || m_entities == nullptr) {
        return;
    }
    p.setRenderHint(QPainter::Antialiasing);
    int y = drawLegend(p, kMargin);
    for (const PartitionLanes::Group& g : m_lanes->groups()) {
        y = drawGroup(p, g, y) + kGap;
    }
}

int LanesCanvas::drawLegend(QPainter& p, int y) const {
    const QFontMetrics fm = fontMetrics();
    const bool sampled = m_lanes->sampledAt().has_value();
    const auto anyLane = [&](auto test) {
        return std::any_of(m_lanes->groups().begin(), m_lanes->groups().end(),
                           [&](const PartitionLanes::Group& g) {
                               return std::any_of(g.lanes.begin(), g.lanes.end(), test);
                           });
    };
    int x = kMargin;
    const auto swatch = [&](const QBrush& fill, const QBrush& over, const QString& text) {
        const QRectF box(x, y + 4, 14, 10);
        p.fillRect(box, fill);
        p.fillRect(box, over);
        p.setPen(Theme::text());
        p.drawText(QPointF(x + 20, y + 13), text);
        x += 20 + fm.horizontalAdvance(text) + 22;
    };
    swatch(committedColour(), Qt::NoBrush, tr("committed"));
    swatch(inHandColour(), Qt::NoBrush, tr("in hand (delivered, not committed)"));
    swatch(lagColour(), Qt::NoBrush, tr("not read yet"));
    // The rarer parts only when a lane shows them.
    if (anyLane([](const auto& l) { return l.offsets.log.logStart > 0; })) {
        swatch(Theme::window(), deletedBrush(), tr("deleted by retention"));
    }
    if (anyLane([](const auto& l) { return l.offsets.log.compacted > 0; })) {
        swatch(committedColour(), holesBrush(), tr("compacted (holes)"));
    }
    if (anyLane([](const auto& l) { return l.offsets.log.lastStable < l.offsets.log.logEnd; })) {
        swatch(lagColour(), heldBackBrush(),
               tr("held back by an open transaction (after the last stable offset, ┃)"));
    }
    y += 20;
    p.setPen(Theme::mutedText());
    const QString when =
        sampled ? tr("Offsets as of the metrics sample at %1 s; members and counts as of the "
                     "cursor.")
                      .arg(QLocale().toString(m_lanes->sampledAt()->seconds(), 'f', 1))
                : tr("Offsets come with the first metrics sample; until then a lane counts the "
                     "group's records.");
    p.drawText(QPointF(kMargin, y + 13), fm.elidedText(when, Qt::ElideRight, width() - kMargin));
    return y + kLegend - 20;
}

int LanesCanvas::drawGroup(QPainter& p, const PartitionLanes::Group& g, int y) const {
    const bool sampled = m_lanes->sampledAt().has_value();
    QFont bold = font();
    bold.setBold(true);
    p.setFont(bold);
    p.setPen(Theme::text());
    const QString name = QString::fromStdString(g.name);
    p.drawText(QPointF(kMargin, y + 18), name);
    p.setFont(font());
    p.setPen(Theme::mutedText());
    const QString about =
        g.generation == 0
            ? tr("reads %1 · no member has joined yet").arg(QString::fromStdString(g.topic))
            : tr("reads %1%2 · generation %3, %4 · lag %5")
                  .arg(QString::fromStdString(g.topic),
                       g.readCommitted ? tr(" · read_committed") : QString())
                  .arg(g.generation)
                  .arg(g.members == 1 ? tr("1 member") : tr("%1 members").arg(g.members))
                  .arg(number(sampled ? g.sampledLag() : g.lag()));
    p.drawText(QPointF(kMargin + QFontMetrics(bold).horizontalAdvance(name) + 12, y + 18), about);
    y += kHeading;
    for (std::size_t i = 0; i < g.lanes.size(); ++i) {
        drawLane(p, g, i, y);
        y += kLane;
    }
    return y;
}

void LanesCanvas::drawLane(QPainter& p, const PartitionLanes::Group& g, std::size_t i,
                           int y) const {
    const QFontMetrics fm = fontMetrics();
    const bool sampled = m_lanes->sampledAt().has_value();
    const int barLeft = kMargin + kLabel;
    // A wide window gives the figures room too, so the rarer ones are not cut.
    const int figures = std::clamp(width() / 4, kFigures, 2 * kFigures);
    const int barWidth = std::max(60, width() - barLeft - figures - kMargin);
    const PartitionLanes::Lane& lane = g.lanes[i];

    p.setPen(Theme::text());
    p.drawText(QRectF(kMargin, y, 36, kLane), Qt::AlignVCenter | Qt::AlignLeft,
               QStringLiteral("P%1").arg(i));
    const QRectF memberBox(kMargin + 36, y, kLabel - 44, kLane);
    if (lane.owner != kNoEntity) {
        QString member = memberName(*m_entities, lane.owner);
        if (lane.ownerGone) {
            // It keeps the partition until its session times out, reading nothing.
            member = tr("%1 (gone)").arg(member);
            p.setPen(Theme::readable(Theme::error()));
        }
        p.drawText(memberBox, Qt::AlignVCenter | Qt::AlignLeft,
                   fm.elidedText(member, Qt::ElideMiddle, kLabel - 44));
    } else {
        p.setPen(Theme::readable(Theme::warning()));
        p.drawText(memberBox, Qt::AlignVCenter | Qt::AlignLeft, tr("nobody reads it"));
    }

    // The lane in offsets (or, before the first sample, in the group's counts), on a scale the
    // group's partitions share.
    std::uint64_t scale = 1;
    for (const auto& l : g.lanes) {
        scale = std::max(scale, sampled ? l.offsets.log.logEnd : l.taken);
    }
    const auto xOf = [&](std::uint64_t n) {
        return barLeft +
               barWidth * static_cast<double>(std::min(n, scale)) / static_cast<double>(scale);
    };
    const double top = y + 4;
    const double height = kLane - 8;
    const auto span = [&](std::uint64_t from, std::uint64_t to, const QBrush& brush) {
        if (to > from) {
            p.fillRect(QRectF(xOf(from), top, xOf(to) - xOf(from), height), brush);
        }
    };
    p.fillRect(QRectF(xOf(0), top, xOf(scale) - xOf(0), height), Theme::window());
    std::uint64_t end = lane.taken;
    if (!sampled) {
        span(0, lane.committed, committedColour());
        span(lane.committed, lane.handedOut, inHandColour());
        span(lane.handedOut, lane.taken, lagColour());
    } else {
        const PartitionSample& log = lane.offsets.log;
        const GroupPartitionSample& at = lane.offsets.group;
        end = log.logEnd;
        span(0, log.logStart, deletedBrush());
        if (at.reading) {
            // What a read_committed group may read ends at the last stable offset (KAFKA09).
            const std::uint64_t readable = g.readCommitted ? log.lastStable : log.logEnd;
            const std::uint64_t committed = std::max(at.committed, log.logStart);
            span(log.logStart, committed, committedColour());
            span(committed, std::max(committed, at.position), inHandColour());
            span(std::max(committed, at.position), readable, lagColour());
            span(readable, log.logEnd, lagColour());
            span(readable, log.logEnd, heldBackBrush());
        }
        span(log.logStart, log.cleanedTo, holesBrush()); // compaction's holes (KAFKA11)
        if (log.lastStable < log.logEnd) {
            p.fillRect(QRectF(xOf(log.lastStable) - 1, top - 3, 2, height + 6), Theme::text());
        }
    }
    // A record in hand shows even when it is a hair wide.
    const bool inHand =
        sampled ? lane.offsets.group.position > lane.offsets.group.committed : lane.inHand() > 0;
    if (inHand) {
        const std::uint64_t at = sampled ? lane.offsets.group.committed : lane.committed;
        p.fillRect(QRectF(xOf(at), top, 2, height), inHandColour());
    }
    p.setPen(Theme::line());
    p.setBrush(Qt::NoBrush);
    p.drawRect(QRectF(xOf(0), top, xOf(end) - xOf(0), height));

    const bool lost = lane.deleted > 0;
    p.setPen(lost            ? Theme::readable(Theme::error())
             : lane.noLeader ? Theme::readable(Theme::warning())
                             : Theme::mutedText());
    p.drawText(QRectF(barLeft + barWidth + 10, y, figures - 10, kLane),
               Qt::AlignVCenter | Qt::AlignLeft,
               fm.elidedText(figuresOf(lane, sampled, *m_entities), Qt::ElideRight, figures - 10));
}

} // namespace evsim::gui
