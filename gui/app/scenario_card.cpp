#include "gui/app/scenario_card.h"

#include "gui/theme/theme.h"

#include <QKeyEvent>
#include <QPainter>
#include <QPainterPath>
#include <algorithm>

namespace evsim::gui {
namespace {

constexpr int kPadding = 12;
constexpr int kGap = 4; // between the title and the description
// Cards in a row are as tall as the tallest: descriptions longer than this many lines end in
// "…", whole in the tooltip.
constexpr int kMostLines = 4;

QFont titleFont(const QFont& base) {
    QFont f = base;
    f.setBold(true);
    return f;
}

// `text` wrapped to `width`, at most kMostLines lines, the last one elided if it is cut.
QStringList wrapped(const QString& text, const QFontMetrics& fm, int width) {
    QStringList lines;
    QString line;
    const QStringList words = text.split(QLatin1Char(' '), Qt::SkipEmptyParts);
    for (qsizetype i = 0; i < words.size(); ++i) {
        const QString candidate = line.isEmpty() ? words[i] : line + QLatin1Char(' ') + words[i];
        if (fm.horizontalAdvance(candidate) <= width || line.isEmpty()) {
            line = candidate;
            continue;
        }
        lines << line;
        line = words[i];
        if (lines.size() == kMostLines - 1) {
            // The last line takes the rest, elided.
            line = QStringList(words.mid(i)).join(QLatin1Char(' '));
            lines << fm.elidedText(line, Qt::ElideRight, width);
            return lines;
        }
    }
    if (!line.isEmpty()) {
        lines << fm.elidedText(line, Qt::ElideRight, width);
    }
    return lines;
}

} // namespace

ScenarioCard::ScenarioCard(const QString& title, const QString& description, const QString& path,
                           QWidget* parent)
    : QAbstractButton(parent), m_description(description), m_path(path) {
    setText(title);
    setToolTip(description.isEmpty() ? path : description + QStringLiteral("\n\n") + path);
    setFocusPolicy(Qt::StrongFocus);
    setCursor(Qt::PointingHandCursor);
    QSizePolicy policy(QSizePolicy::Expanding, QSizePolicy::Preferred);
    policy.setHeightForWidth(true);
    setSizePolicy(policy);
}

QRect ScenarioCard::textRect(int width) const {
    return QRect(kPadding, kPadding, std::max(1, width - 2 * kPadding), 0);
}

int ScenarioCard::heightForWidth(int width) const {
    const QRect area = textRect(width);
    const int title = QFontMetrics(titleFont(font())).height();
    const int lines = static_cast<int>(wrapped(m_description, fontMetrics(), area.width()).size());
    return kPadding + title + kGap + lines * fontMetrics().lineSpacing() + kPadding;
}

QSize ScenarioCard::sizeHint() const {
    const int width = fontMetrics().averageCharWidth() * 48;
    return {width, heightForWidth(width)};
}

void ScenarioCard::paintEvent(QPaintEvent* /*event*/) {
    QPainter p(this);
    p.setRenderHint(QPainter::Antialiasing);
    const QPalette& pal = palette();
    QColor border = pal.color(QPalette::Mid);
    double width = 1;
    if (hasFocus() || m_hovered || isDown()) {
        border = pal.color(QPalette::Highlight);
        width = 2;
    }
    QPainterPath card;
    card.addRoundedRect(QRectF(rect()).adjusted(1, 1, -1, -1), 8, 8);
    p.fillPath(card, pal.color(isDown() ? QPalette::AlternateBase : QPalette::Base));
    p.setPen(QPen(border, width));
    p.drawPath(card);
    const QRect area = textRect(this->width());
    const QFont bold = titleFont(font());
    const int titleHeight = QFontMetrics(bold).height();
    p.setPen(pal.color(QPalette::Text));
    p.setFont(bold);
    p.drawText(QRect(area.left(), area.top(), area.width(), titleHeight),
               Qt::AlignLeft | Qt::AlignVCenter, text());
    p.setFont(font());
    p.setPen(Theme::mutedText());
    int y = area.top() + titleHeight + kGap;
    for (const QString& line : wrapped(m_description, fontMetrics(), area.width())) {
        p.drawText(QRect(area.left(), y, area.width(), fontMetrics().lineSpacing()),
                   Qt::AlignLeft | Qt::AlignVCenter, line);
        y += fontMetrics().lineSpacing();
    }
}

void ScenarioCard::keyPressEvent(QKeyEvent* event) {
    if (event->key() == Qt::Key_Return || event->key() == Qt::Key_Enter) {
        click();
        event->accept();
        return;
    }
    QAbstractButton::keyPressEvent(event);
}

void ScenarioCard::enterEvent(QEnterEvent* event) {
    m_hovered = true;
    update();
    QAbstractButton::enterEvent(event);
}

void ScenarioCard::leaveEvent(QEvent* event) {
    m_hovered = false;
    update();
    QAbstractButton::leaveEvent(event);
}

} // namespace evsim::gui
