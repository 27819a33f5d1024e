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
constexpr int kLegend = 24;
constexpr int kLane = 22;
constexpr int kGap = 12;
constexpr int kLabel = 170;   // partition and member
constexpr int kFigures = 340; // committed, deleted by retention unread, lag

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

// The member's short name: "billing#1" of "billing#1<-billing".
QString memberName(const EntityTable& entities, EntityId id) {
    const std::string& name = entities[id].name;
    return QString::fromStdString(name.substr(0, name.find("<-")));
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
    const QFontMetrics fm = fontMetrics();
    const int barLeft = kMargin + kLabel;
    const int barWidth = std::max(60, width() - barLeft - kFigures - kMargin);

    // The legend: what the three parts of a lane are.
    int x = kMargin;
    int y = kMargin;
    const auto swatch = [&](const QColor& colour, const QString& text) {
        p.fillRect(QRectF(x, y + 4, 14, 10), colour);
        p.setPen(Theme::text());
        p.drawText(QPointF(x + 20, y + 13), text);
        x += 20 + fm.horizontalAdvance(text) + 22;
    };
    swatch(committedColour(), tr("committed"));
    swatch(inHandColour(), tr("in hand (delivered, not committed)"));
    swatch(lagColour(), tr("not read yet"));
    const bool anyDeleted = std::any_of(
        m_lanes->groups().begin(), m_lanes->groups().end(), [](const PartitionLanes::Group& g) {
            return std::any_of(g.lanes.begin(), g.lanes.end(),
                               [](const auto& l) { return l.deleted > 0; });
        });
    if (anyDeleted) {
        p.setPen(Theme::readable(Theme::error()));
        p.drawText(QPointF(x, y + 13),
                   tr("deleted: removed by retention before the group read it"));
        x += QFontMetrics(font()).horizontalAdvance(
                 tr("deleted: removed by retention before the group read it")) +
             24;
    }
    const bool anyAborted = std::any_of(
        m_lanes->groups().begin(), m_lanes->groups().end(), [](const PartitionLanes::Group& g) {
            return std::any_of(g.lanes.begin(), g.lanes.end(),
                               [](const auto& l) { return l.aborted > 0; });
        });
    if (anyAborted) {
        p.setPen(Theme::mutedText());
        p.drawText(QPointF(x, y + 13),
                   tr("aborted: an aborted transaction's records, passed over unread"));
    }
    y += kLegend;

    for (const PartitionLanes::Group& g : m_lanes->groups()) {
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
                      .arg(number(g.lag()));
        p.drawText(QPointF(kMargin + QFontMetrics(bold).horizontalAdvance(name) + 12, y + 18),
                   about);
        y += kHeading;

        std::uint64_t scale = 1;
        for (const auto& lane : g.lanes) {
            scale = std::max(scale, lane.taken);
        }
        const auto xOf = [&](std::uint64_t n) {
            return barLeft + barWidth * static_cast<double>(n) / static_cast<double>(scale);
        };
        for (std::size_t i = 0; i < g.lanes.size(); ++i) {
            const PartitionLanes::Lane& lane = g.lanes[i];
            const double top = y + 4;
            const double height = kLane - 8;
            p.setPen(Theme::text());
            p.drawText(QRectF(kMargin, y, 36, kLane), Qt::AlignVCenter | Qt::AlignLeft,
                       QStringLiteral("P%1").arg(i));
            if (lane.owner != kNoEntity) {
                QString member = memberName(*m_entities, lane.owner);
                if (lane.ownerGone) {
                    // It keeps the partition until its session times out, reading nothing.
                    member = tr("%1 (gone)").arg(member);
                    p.setPen(Theme::readable(Theme::error()));
                }
                p.drawText(QRectF(kMargin + 36, y, kLabel - 44, kLane),
                           Qt::AlignVCenter | Qt::AlignLeft,
                           fm.elidedText(member, Qt::ElideMiddle, kLabel - 44));
            } else {
                p.setPen(Theme::readable(Theme::warning()));
                p.drawText(QRectF(kMargin + 36, y, kLabel - 44, kLane),
                           Qt::AlignVCenter | Qt::AlignLeft, tr("nobody reads it"));
            }
            // The lane: committed, then in hand, then not read yet.
            p.fillRect(QRectF(xOf(0), top, xOf(scale) - xOf(0), height), Theme::window());
            p.fillRect(QRectF(xOf(0), top, xOf(lane.committed) - xOf(0), height),
                       committedColour());
            p.fillRect(QRectF(xOf(lane.committed), top,
                              std::max(lane.inHand() > 0 ? 2.0 : 0.0,
                                       xOf(lane.handedOut) - xOf(lane.committed)),
                              height),
                       inHandColour());
            p.fillRect(
                QRectF(xOf(lane.handedOut), top, xOf(lane.taken) - xOf(lane.handedOut), height),
                lagColour());
            p.setPen(Theme::line());
            p.setBrush(Qt::NoBrush);
            p.drawRect(QRectF(xOf(0), top, xOf(lane.taken) - xOf(0), height));
            // Records retention deleted before the group read them are lost to it (KAFKA10).
            // A read_committed group passes over what aborted transactions wrote (KAFKA09).
            // The lag and the leader first: what a narrow window cuts is the rarer detail.
            QString figures =
                tr("%1 of %2 committed · lag %3")
                    .arg(number(lane.committed), number(lane.taken), number(lane.lag()));
            // A cluster's partition is read from its leader (KAFKA12): none, none read.
            if (lane.noLeader) {
                figures += tr(" · no leader");
            } else if (lane.leader != kNoEntity) {
                figures +=
                    tr(" · leader %1").arg(QString::fromStdString((*m_entities)[lane.leader].name));
            }
            if (lane.deleted > 0) {
                figures += tr(" · %1 deleted").arg(number(lane.deleted));
            }
            if (lane.aborted > 0) {
                figures += tr(" · %1 aborted").arg(number(lane.aborted));
            }
            if (lane.skipped > 0) {
                figures += tr(" · %1 skipped").arg(number(lane.skipped));
            }
            if (lane.reread > 0) { // a seek back (KAFKA07)
                figures += tr(" · %1 read again").arg(number(lane.reread));
            }
            p.setPen(lane.deleted > 0 ? Theme::readable(Theme::error())
                     : lane.noLeader  ? Theme::readable(Theme::warning())
                                      : Theme::mutedText());
            p.drawText(QRectF(barLeft + barWidth + 10, y, kFigures - 10, kLane),
                       Qt::AlignVCenter | Qt::AlignLeft,
                       fm.elidedText(figures, Qt::ElideRight, kFigures - 10));
            y += kLane;
        }
        y += kGap;
    }
}

} // namespace evsim::gui
