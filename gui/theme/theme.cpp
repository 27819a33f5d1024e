#include "gui/theme/theme.h"

#include <QApplication>
#include <QStyle>
#include <QStyleFactory>
#include <algorithm>
#include <array>
#include <cmath>
#include <map>

namespace evsim::gui {
namespace {

Theme::Mode g_mode = Theme::Mode::System; // a process-wide setting, like QApplication's palette

QPalette darkPalette() {
    QPalette p;
    const QColor window(0x2b, 0x2d, 0x30);
    const QColor base(0x1e, 0x1f, 0x22);
    const QColor text(0xe6, 0xe6, 0xe6);
    p.setColor(QPalette::Window, window);
    p.setColor(QPalette::WindowText, text);
    p.setColor(QPalette::Base, base);
    p.setColor(QPalette::AlternateBase, window);
    p.setColor(QPalette::ToolTipBase, window);
    p.setColor(QPalette::ToolTipText, text);
    p.setColor(QPalette::Text, text);
    p.setColor(QPalette::Button, window);
    p.setColor(QPalette::ButtonText, text);
    p.setColor(QPalette::BrightText, QColor(0xff, 0x6b, 0x6b));
    // Dark enough for white text on it at 4.5:1.
    p.setColor(QPalette::Highlight, QColor(0x2f, 0x67, 0xd8));
    p.setColor(QPalette::HighlightedText, Qt::white);
    p.setColor(QPalette::Link, QColor(0x56, 0xb4, 0xe9));
    p.setColor(QPalette::Mid, QColor(0x72, 0x75, 0x7c)); // paused dots: 3:1 on the base
    p.setColor(QPalette::Dark, QColor(0x18, 0x19, 0x1b));
    p.setColor(QPalette::Light, QColor(0x44, 0x47, 0x4c));
    p.setColor(QPalette::PlaceholderText, QColor(0x9a, 0x9d, 0xa3));
    p.setColor(QPalette::Disabled, QPalette::Text, QColor(0x80, 0x80, 0x80));
    p.setColor(QPalette::Disabled, QPalette::ButtonText, QColor(0x80, 0x80, 0x80));
    p.setColor(QPalette::Disabled, QPalette::WindowText, QColor(0x80, 0x80, 0x80));
    return p;
}

QPalette lightPalette() {
    QPalette p = QStyleFactory::create("Fusion")->standardPalette();
    p.setColor(QPalette::Mid, QColor(0xa0, 0xa3, 0xa8));
    p.setColor(QPalette::Highlight, QColor(0x2a, 0x6f, 0xb0)); // white text on it at 4.5:1
    return p;
}

} // namespace

void Theme::apply(QApplication& app, Mode mode) {
    g_mode = mode;
    app.setStyle(QStyleFactory::create("Fusion"));
    switch (mode) {
    case Mode::System:
        app.setPalette(QPalette()); // the platform's
        break;
    case Mode::Light:
        app.setPalette(lightPalette());
        break;
    case Mode::Dark:
        app.setPalette(darkPalette());
        break;
    }
}

Theme::Mode Theme::mode() {
    return g_mode;
}

bool Theme::dark() {
    return QApplication::palette().color(QPalette::Window).lightness() < 128;
}

QColor Theme::eventType(int index) {
    static const std::array<QColor, 8> kOkabeIto{
        QColor(0x00, 0x72, 0xB2), QColor(0xE6, 0x9F, 0x00), QColor(0x00, 0x9E, 0x73),
        QColor(0xCC, 0x79, 0xA7), QColor(0x56, 0xB4, 0xE9), QColor(0xD5, 0x5E, 0x00),
        QColor(0xF0, 0xE4, 0x42), QColor(0x00, 0x00, 0x00)};
    if (index <= 0) {
        return neutral();
    }
    const QColor c = kOkabeIto[static_cast<std::size_t>(index - 1) % kOkabeIto.size()];
    return c == QColor(0, 0, 0) && dark() ? QColor(Qt::white) : c;
}

QColor Theme::error() {
    return QColor(0xD5, 0x5E, 0x00);
}
QColor Theme::warning() {
    return QColor(0xE6, 0x9F, 0x00);
}
QColor Theme::ok() {
    return QColor(0x00, 0x9E, 0x73);
}
QColor Theme::neutral() {
    return QApplication::palette().color(QPalette::Mid);
}
QColor Theme::text() {
    return QApplication::palette().color(QPalette::Text);
}
QColor Theme::base() {
    return QApplication::palette().color(QPalette::Base);
}
QColor Theme::window() {
    return QApplication::palette().color(QPalette::Window);
}
QColor Theme::line() {
    QColor c = text();
    c.setAlphaF(0.45f);
    return c;
}

namespace {

double luminance(const QColor& c) {
    const auto channel = [](double v) {
        return v <= 0.04045 ? v / 12.92 : std::pow((v + 0.055) / 1.055, 2.4);
    };
    return 0.2126 * channel(c.redF()) + 0.7152 * channel(c.greenF()) + 0.0722 * channel(c.blueF());
}

// What text is drawn on: view rows (plain and alternate) and window surfaces.
std::array<QColor, 3> textBackgrounds() {
    const QPalette p = QApplication::palette();
    return {p.color(QPalette::Base), p.color(QPalette::AlternateBase), p.color(QPalette::Window)};
}

} // namespace

double Theme::contrast(const QColor& a, const QColor& b) {
    const double la = luminance(a);
    const double lb = luminance(b);
    return (std::max(la, lb) + 0.05) / (std::min(la, lb) + 0.05);
}

QColor Theme::over(const QColor& c, const QColor& background) {
    const double a = c.alphaF();
    return QColor::fromRgbF(static_cast<float>(c.redF() * a + background.redF() * (1 - a)),
                            static_cast<float>(c.greenF() * a + background.greenF() * (1 - a)),
                            static_cast<float>(c.blueF() * a + background.blueF() * (1 - a)));
}

QColor Theme::readable(const QColor& c) {
    // Painters ask for the same few colours on every frame: remember each answer for the
    // backgrounds it was worked out on (a theme switch changes them).
    static std::map<std::array<QRgb, 4>, QColor> known;
    const std::array<QColor, 3> backgrounds = textBackgrounds();
    const std::array<QRgb, 4> key{c.rgba(), backgrounds[0].rgb(), backgrounds[1].rgb(),
                                  backgrounds[2].rgb()};
    if (const auto it = known.find(key); it != known.end()) {
        return it->second;
    }
    const auto meets = [&backgrounds](const QColor& candidate) {
        for (const QColor& background : backgrounds) {
            if (contrast(candidate, background) < kLeastTextContrast) {
                return false;
            }
        }
        return true;
    };
    QColor candidate = c.toHsl();
    const int step = dark() ? 4 : -4;
    for (int i = 0; i < 64 && !meets(candidate); ++i) {
        candidate.setHsl(candidate.hslHue(), candidate.hslSaturation(),
                         std::clamp(candidate.lightness() + step, 0, 255), c.alpha());
    }
    return known[key] = candidate.toRgb();
}

QColor Theme::mutedText() {
    QColor c = text();
    c.setAlphaF(0.6f);
    return readable(over(c, base()));
}

} // namespace evsim::gui
