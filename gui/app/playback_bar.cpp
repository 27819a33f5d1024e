#include "gui/app/playback_bar.h"

#include "gui/control/session_controller.h"
#include "gui/theme/transport_icons.h"

#include <QAction>
#include <QComboBox>
#include <QEvent>
#include <QLabel>
#include <algorithm>
#include <iterator>

namespace evsim::gui {
namespace {

struct SpeedPreset {
    const char* label;
    double speed; // virtual seconds per wall second; 0 = as fast as possible
};
constexpr SpeedPreset kSpeeds[] = {
    {"0.01×", 0.01},
    {"0.1×", 0.1},
    {"0.5×", 0.5},
    {"1×", 1},
    {"2×", 2},
    {"5×", 5},
    {"10×", 10},
    {"100×", 100},
    {"1000×", 1000},
    {"10000×", 10000},
    {"as fast as possible", 0},
};
constexpr int kRealTime = 3;

QString formatTime(SimTime t) {
    // Seconds with nine decimals in groups of three: "t = 4.250 000 000 s".
    const std::int64_t ns = t.nanos();
    const QString frac = QStringLiteral("%1").arg(ns % 1'000'000'000, 9, 10, QLatin1Char('0'));
    return QStringLiteral("t = %1.%2 %3 %4 s")
        .arg(ns / 1'000'000'000)
        .arg(frac.mid(0, 3), frac.mid(3, 3), frac.mid(6, 3));
}

} // namespace

PlaybackBar::PlaybackBar(SessionController& controller, QWidget* parent)
    : QToolBar(tr("Playback"), parent), m_controller(controller) {
    setObjectName(QStringLiteral("playback"));
    setMovable(false);
    m_play = new QAction(tr("Play"), this);
    m_play->setShortcut(Qt::Key_Space);
    m_play->setToolTip(tr("Play or pause the run (Space)"));
    connect(m_play, &QAction::triggered, &m_controller, &SessionController::togglePlay);

    m_goToStart = addAction(tr("Go to start (Home)"), &m_controller, &SessionController::goToStart);
    m_stepBack = addAction(tr("Step back to the previous record (←)"), &m_controller,
                           &SessionController::stepBack);
    addAction(m_play);
    m_stepForward = addAction(tr("Step to the next record (→)"), &m_controller,
                              &SessionController::stepForward);
    drawIcons();
    addSeparator();
    addWidget(new QLabel(tr(" speed "), this));
    m_speed = new QComboBox(this);
    for (const SpeedPreset& p : kSpeeds) {
        m_speed->addItem(QString::fromUtf8(p.label), p.speed);
    }
    m_speed->setCurrentIndex(kRealTime);
    m_speed->setToolTip(tr("Virtual time per second of wall time ([ slower, ] faster, 1 real "
                           "time)"));
    connect(m_speed, &QComboBox::currentIndexChanged, this,
            [this](int i) { m_controller.setSpeed(m_speed->itemData(i).toDouble()); });
    addWidget(m_speed);
    addSeparator();
    m_time = new QLabel(this);
    m_time->setToolTip(tr("Virtual time at the cursor"));
    QFont mono = m_time->font();
    mono.setFamily(QStringLiteral("DejaVu Sans Mono"));
    mono.setStyleHint(QFont::Monospace);
    m_time->setFont(mono);
    m_time->setMinimumWidth(
        m_time->fontMetrics().horizontalAdvance(QStringLiteral("t = 0000.000 000 000 s  ")));
    m_time->setText(formatTime(SimTime::zero()));
    addWidget(m_time);

    connect(&m_controller, &SessionController::cursorChanged, this,
            [this](SimTime t) { m_time->setText(formatTime(t)); });
    connect(&m_controller, &SessionController::playingChanged, this, [this](bool playing) {
        m_play->setText(playing ? tr("Pause") : tr("Play"));
        drawIcons();
    });
}

void PlaybackBar::drawIcons() {
    const QColor ink = palette().color(QPalette::ButtonText);
    m_goToStart->setIcon(transportIcon(TransportIcon::GoToStart, ink));
    m_stepBack->setIcon(transportIcon(TransportIcon::StepBack, ink));
    m_play->setIcon(
        transportIcon(m_controller.playing() ? TransportIcon::Pause : TransportIcon::Play, ink));
    m_stepForward->setIcon(transportIcon(TransportIcon::StepForward, ink));
}

void PlaybackBar::changeEvent(QEvent* event) {
    QToolBar::changeEvent(event);
    if (event->type() == QEvent::PaletteChange) {
        drawIcons();
    }
}

void PlaybackBar::stepSpeed(int step) {
    const int n = static_cast<int>(std::size(kSpeeds)) - 1; // the last is "as fast as possible"
    m_speed->setCurrentIndex(std::clamp(m_speed->currentIndex() + step, 0, n - 1));
}

void PlaybackBar::realTime() {
    m_speed->setCurrentIndex(kRealTime);
}

} // namespace evsim::gui
