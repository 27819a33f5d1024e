#include "gui/theme/theme.h"
#include "tests/gui/gui_test_support.h"

#include <QApplication>
#include <QTest>

using namespace evsim::gui;

namespace {

QString describe(const char* what, const QColor& fg, const QColor& bg) {
    return QStringLiteral("%1: %2 on %3 is %4:1")
        .arg(QString::fromLatin1(what), fg.name(), bg.name())
        .arg(Theme::contrast(fg, bg), 0, 'f', 2);
}

} // namespace

// WCAG AA for what the app draws: text at 4.5:1 on every background it sits on, lines and
// marks that carry meaning at 3:1 (in the dark theme, where the app's own palette decides).
class ThemeTest : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void theContrastRatioIsWcags() {
        QCOMPARE(Theme::contrast(Qt::black, Qt::white), 21.0);
        QCOMPARE(Theme::contrast(Qt::white, Qt::white), 1.0);
        // WebAIM's checker: #767676 on white is 4.54:1.
        QVERIFY(qAbs(Theme::contrast(QColor(0x76, 0x76, 0x76), Qt::white) - 4.54) < 0.01);
    }

    void textMeetsAaInBothThemes() {
        for (const Theme::Mode mode : {Theme::Mode::Light, Theme::Mode::Dark}) {
            Theme::apply(*qApp, mode);
            const QPalette p = QApplication::palette();
            const QColor backgrounds[] = {p.color(QPalette::Base), p.color(QPalette::AlternateBase),
                                          p.color(QPalette::Window)};
            const std::pair<const char*, QColor> texts[] = {
                {"text", Theme::text()},
                {"window text", p.color(QPalette::WindowText)},
                {"placeholder", p.color(QPalette::PlaceholderText)},
                {"muted", Theme::mutedText()},
                {"error as text", Theme::readable(Theme::error())},
                {"warning as text", Theme::readable(Theme::warning())},
                {"ok as text", Theme::readable(Theme::ok())},
                {"neutral as text", Theme::readable(Theme::neutral())},
            };
            for (const auto& [what, colour] : texts) {
                for (const QColor& bg : backgrounds) {
                    QVERIFY2(Theme::contrast(colour, bg) >= Theme::kLeastTextContrast,
                             qPrintable(describe(what, colour, bg)));
                }
            }
            const QColor highlight = p.color(QPalette::Highlight);
            const QColor selected = p.color(QPalette::HighlightedText);
            QVERIFY2(Theme::contrast(selected, highlight) >= Theme::kLeastTextContrast,
                     qPrintable(describe("selected text", selected, highlight)));
        }
    }

    // readable() moves a state colour only in lightness: "failed" stays vermillion.
    void aReadableStateColourKeepsItsHue() {
        for (const Theme::Mode mode : {Theme::Mode::Light, Theme::Mode::Dark}) {
            Theme::apply(*qApp, mode);
            for (const QColor& c : {Theme::error(), Theme::warning(), Theme::ok()}) {
                const QColor r = Theme::readable(c);
                QVERIFY2(qAbs(r.hslHue() - c.hslHue()) <= 6,
                         qPrintable(c.name() + QStringLiteral(" became ") + r.name()));
            }
        }
        // Already readable: unchanged.
        Theme::apply(*qApp, Theme::Mode::Dark);
        QCOMPARE(Theme::readable(Theme::text()), Theme::text());
    }

    void linesAndMarksMeetAaInTheDarkTheme() {
        Theme::apply(*qApp, Theme::Mode::Dark);
        const QColor base = Theme::base();
        QColor border = Theme::text();
        border.setAlphaF(0.55f); // a node's outline
        std::vector<std::pair<QString, QColor>> marks = {
            {QStringLiteral("edges and axes"), Theme::over(Theme::line(), base)},
            {QStringLiteral("node outline"), Theme::over(border, base)},
            {QStringLiteral("paused dot"), Theme::neutral()},
            {QStringLiteral("error"), Theme::error()},
            {QStringLiteral("warning"), Theme::warning()},
            {QStringLiteral("ok"), Theme::ok()},
        };
        for (int type = 1; type <= 8; ++type) {
            marks.emplace_back(QStringLiteral("event type %1").arg(type), Theme::eventType(type));
        }
        for (const auto& [what, colour] : marks) {
            QVERIFY2(Theme::contrast(colour, base) >= Theme::kLeastGraphicContrast,
                     qPrintable(describe(qPrintable(what), colour, base)));
        }
    }
};

EVSIM_GUI_TEST(ThemeTest, "theme")
#include "theme_test.moc"
