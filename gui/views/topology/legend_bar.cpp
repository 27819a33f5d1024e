#include "gui/views/topology/legend_bar.h"

#include "gui/theme/theme.h"
#include "gui/views/topology/token_layer.h"

#include <QFontMetricsF>
#include <QPainter>
#include <algorithm>
#include <cmath>

namespace evsim::gui {
namespace {

constexpr double kIcon = 14;
constexpr double kGap = 12;
constexpr double kGroupGap = 26;
constexpr double kMargin = 6;
// Token colours repeat after this many event types (Theme::eventType): a longer key would only
// push the canvas off the window.
constexpr int kMostTypesShown = 8;

void disc(QPainter& p, QPointF at, const QColor& colour, const QPen& pen) {
    p.setPen(pen);
    p.setBrush(colour);
    p.drawEllipse(at, TokenLayer::kRadius, TokenLayer::kRadius);
}

} // namespace

LegendBar::LegendBar(QWidget* parent) : QWidget(parent) {
    setSizePolicy(QSizePolicy::Preferred, QSizePolicy::Fixed);
    setToolTip(tr("What the canvas's colours and marks mean"));
    setFixedHeight(heightForWidth(1600));
}

void LegendBar::setShowsDeletedExchanges(bool shows) {
    if (shows != m_deletedExchanges) {
        m_deletedExchanges = shows;
        setFixedHeight(heightForWidth(width()));
        update();
    }
}

void LegendBar::setShowsRollingDeploys(bool shows) {
    if (shows != m_rollingDeploys) {
        m_rollingDeploys = shows;
        setFixedHeight(heightForWidth(width()));
        update();
    }
}

void LegendBar::setEventTypes(const QStringList& types) {
    if (types != m_types) {
        m_types = types;
        setFixedHeight(heightForWidth(width()));
        update();
    }
}

void LegendBar::resizeEvent(QResizeEvent* event) {
    QWidget::resizeEvent(event);
    const int height = heightForWidth(width());
    if (height != this->height()) {
        setFixedHeight(height); // changes no width: no loop
    }
}

std::vector<LegendBar::Entry> LegendBar::entries() const {
    std::vector<Entry> out;
    const QPen edge(Theme::base(), 1);
    for (int i = 0; i < std::min<int>(static_cast<int>(m_types.size()), kMostTypesShown); ++i) {
        const QColor c = Theme::eventType(i + 1);
        out.push_back({m_types[i],
                       [c, edge](QPainter& p, QRectF r) { disc(p, r.center(), c, edge); }, i == 0});
    }
    if (m_types.size() > kMostTypesShown) {
        const auto more = static_cast<int>(m_types.size()) - kMostTypesShown;
        out.push_back({more == 1 ? tr("1 more type, in these colours again")
                                 : tr("%1 more types, in these colours again").arg(more),
                       [](QPainter&, QRectF) {
                       }});
    }
    const QColor plain = Theme::neutral();
    out.push_back({tr("redelivered"),
                   [plain, edge](QPainter& p, QRectF r) {
                       disc(p, r.center(), plain, edge);
                       p.setPen(QPen(Qt::white, 1.4));
                       p.setBrush(Qt::NoBrush);
                       p.drawEllipse(r.center(), TokenLayer::kRadius - 2.2,
                                     TokenLayer::kRadius - 2.2);
                   },
                   true});
    out.push_back({tr("duplicate"), [plain, edge](QPainter& p, QRectF r) {
                       disc(p, r.center() + QPointF(-2, -2), plain.lighter(130), edge);
                       disc(p, r.center() + QPointF(1, 1), plain, edge);
                   }});
    out.push_back({tr("dead-lettered"), [plain](QPainter& p, QRectF r) {
                       disc(p, r.center(), plain, QPen(Theme::error(), 2));
                   }});
    const auto dot = [](QPainter& p, QRectF r, const QColor& fill, const QColor& line) {
        const QRectF d(r.center() - QPointF(4.5, 4.5), QSizeF(9, 9));
        p.setPen(line.isValid() ? QPen(line, 1.3) : Qt::NoPen);
        p.setBrush(fill.isValid() ? QBrush(fill) : Qt::NoBrush);
        p.drawEllipse(line.isValid() ? d.adjusted(0.65, 0.65, -0.65, -0.65) : d);
    };
    out.push_back(
        {tr("busy"), [dot](QPainter& p, QRectF r) { dot(p, r, Theme::text(), {}); }, true});
    out.push_back({tr("idle"), [dot](QPainter& p, QRectF r) {
                       dot(p, r, {}, Theme::text());
                   }});
    out.push_back({tr("not consuming"), [](QPainter& p, QRectF r) {
                       const QRectF d(r.center() - QPointF(4.5, 4.5), QSizeF(9, 9));
                       p.setPen(QPen(Theme::text(), 1.3, Qt::DotLine));
                       p.setBrush(Qt::NoBrush);
                       p.drawEllipse(d.adjusted(0.65, 0.65, -0.65, -0.65));
                   }});
    out.push_back({tr("crashed"), [](QPainter& p, QRectF r) {
                       const QRectF d(r.center() - QPointF(4.5, 4.5), QSizeF(9, 9));
                       p.setPen(QPen(Theme::error(), 2.2, Qt::SolidLine, Qt::RoundCap));
                       p.drawLine(d.topLeft(), d.bottomRight());
                       p.drawLine(d.topRight(), d.bottomLeft());
                   }});
    out.push_back({tr("paused"), [dot](QPainter& p, QRectF r) {
                       dot(p, r, Theme::neutral(), {});
                   }});
    out.push_back({tr("hung"), [dot](QPainter& p, QRectF r) {
                       dot(p, r, Theme::warning(), {});
                   }});
    if (m_rollingDeploys) {
        out.push_back({tr("on the new schema version"), [](QPainter& p, QRectF r) {
                           const QRectF d(r.center() - QPointF(4.5, 4.5), QSizeF(9, 9));
                           p.setPen(QPen(Theme::text(), 1.3));
                           p.setBrush(Qt::NoBrush);
                           p.drawEllipse(d.adjusted(0.65, 0.65, -0.65, -0.65));
                           p.setPen(QPen(Theme::ok(), 1.6));
                           p.drawEllipse(d.adjusted(-2.2, -2.2, 2.2, 2.2));
                       }});
    }
    out.push_back({tr("ready"),
                   [](QPainter& p, QRectF r) {
                       p.setPen(Qt::NoPen);
                       p.setBrush(Theme::eventType(1));
                       p.drawRect(QRectF(r.left(), r.center().y() - 4, r.width(), 8));
                   },
                   true});
    out.push_back({tr("unacked"), [](QPainter& p, QRectF r) {
                       const QRectF bar(r.left(), r.center().y() - 4, r.width(), 8);
                       p.setPen(QPen(Theme::eventType(1), 1));
                       p.setBrush(QBrush(Theme::eventType(1), Qt::BDiagPattern));
                       p.drawRect(bar.adjusted(0.5, 0.5, -0.5, -0.5));
                   }});
    out.push_back({tr("dead-letter queue"), [](QPainter& p, QRectF r) {
                       p.setPen(QPen(Theme::line(), 1.2, Qt::DashLine));
                       p.setBrush(Qt::NoBrush);
                       p.drawRoundedRect(r.adjusted(0, 2, 0, -2), 5, 5);
                   }});
    if (!m_deletedExchanges) {
        return out;
    }
    out.push_back({tr("deleted exchange"), [](QPainter& p, QRectF r) {
                       p.setPen(QPen(Theme::error(), 1.2, Qt::DashLine));
                       p.setBrush(Qt::NoBrush);
                       const QPointF c = r.center();
                       const double w = r.width() / 2;
                       const double h = r.height() / 2 - 2;
                       p.drawPolygon(QPolygonF({{c.x() - w, c.y()},
                                                {c.x() - w / 2, c.y() - h},
                                                {c.x() + w / 2, c.y() - h},
                                                {c.x() + w, c.y()},
                                                {c.x() + w / 2, c.y() + h},
                                                {c.x() - w / 2, c.y() + h}}));
                   }});
    return out;
}

int LegendBar::arrange(int width, std::vector<QRectF>* places) const {
    const QFontMetricsF fm(font());
    const double line = std::max(kIcon, fm.height()) + 4;
    double x = kMargin;
    double y = kMargin;
    bool first = true;
    for (const Entry& e : entries()) {
        const double w = kIcon + 4 + fm.horizontalAdvance(e.text);
        const double gap = first ? 0 : (e.groupStart ? kGroupGap : kGap);
        if (!first && x + gap + w > width - kMargin) {
            x = kMargin;
            y += line;
        } else {
            x += gap;
        }
        if (places != nullptr) {
            places->emplace_back(x, y, w, line);
        }
        x += w;
        first = false;
    }
    return static_cast<int>(std::ceil(y + line + kMargin));
}

int LegendBar::heightForWidth(int width) const {
    return arrange(width, nullptr);
}

QSize LegendBar::sizeHint() const {
    return {400, heightForWidth(width() > 0 ? width() : 1600)};
}

void LegendBar::paintEvent(QPaintEvent* /*event*/) {
    QPainter p(this);
    p.setRenderHint(QPainter::Antialiasing);
    p.fillRect(rect(), Theme::window());
    std::vector<QRectF> places;
    arrange(width(), &places);
    const std::vector<Entry> all = entries();
    for (std::size_t i = 0; i < all.size(); ++i) {
        const QRectF r = places[i];
        const QRectF icon(r.left(), r.center().y() - kIcon / 2, kIcon, kIcon);
        p.save();
        all[i].icon(p, icon);
        p.restore();
        p.setPen(Theme::text());
        p.drawText(QRectF(r.left() + kIcon + 4, r.top(), r.width() - kIcon - 4, r.height()),
                   Qt::AlignLeft | Qt::AlignVCenter, all[i].text);
    }
}

} // namespace evsim::gui
