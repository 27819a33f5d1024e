#include "gui/app/run_status.h"

#include "gui/control/session_controller.h"
#include "gui/theme/theme.h"
#include "simulator/kernel/sim_time.h"
#include "simulator/observe/record.h"

#include <QEvent>
#include <QLabel>
#include <QProgressBar>
#include <QStatusBar>
#include <QStyle>
#include <QToolButton>
#include <algorithm>

namespace evsim::gui {

RunStatus::RunStatus(SessionController& controller, QStatusBar& bar)
    : QObject(&bar), m_controller(controller) {
    bar.installEventFilter(this);
    m_run = new QLabel(&bar);
    m_expectations = new QLabel(&bar);
    m_digest = new QLabel(&bar);
    m_digest->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_progress = new QProgressBar(&bar);
    m_progress->setRange(0, 1000);
    m_progress->setMaximumWidth(160);
    m_progress->setTextVisible(false);
    m_progress->setToolTip(tr("The run computes in the background; views fill in as it goes"));
    m_cancel = new QToolButton(&bar);
    m_cancel->setIcon(bar.style()->standardIcon(QStyle::SP_DialogCancelButton));
    m_cancel->setAutoRaise(true);
    m_cancel->setToolTip(tr("Stop computing this run (what is computed so far stays)"));
    connect(m_cancel, &QToolButton::clicked, this, [this] {
        m_controller.cancelRun();
        update();
    });
    bar.addWidget(m_run, 1);
    bar.addWidget(m_progress);
    bar.addWidget(m_cancel);
    bar.addPermanentWidget(m_expectations);
    bar.addPermanentWidget(m_digest);

    connect(&controller, &SessionController::sessionOpened, this, &RunStatus::update);
    connect(&controller, &SessionController::dataChanged, this, &RunStatus::update);
    connect(&controller, &SessionController::runFinished, this, &RunStatus::update);
    connect(&controller, &SessionController::runRestarted, this, &RunStatus::update);
    update();
}

bool RunStatus::eventFilter(QObject* watched, QEvent* event) {
    if (event->type() == QEvent::PaletteChange) {
        update();
    }
    return QObject::eventFilter(watched, event);
}

void RunStatus::update() {
    if (!m_controller.hasSession()) {
        m_run->setText(tr("Open a scenario (Ctrl+O), pick one on the start page, or drop a "
                          "file here."));
        m_progress->hide();
        m_cancel->hide();
        m_digest->clear();
        m_expectations->clear();
        return;
    }
    const RunData& data = m_controller.data();
    m_progress->setVisible(m_controller.running());
    m_cancel->setVisible(m_controller.running());
    if (m_controller.running() && m_controller.end() > SimTime::zero()) {
        m_progress->setValue(
            static_cast<int>(1000.0 * static_cast<double>(data.frontier().nanos()) /
                             static_cast<double>(m_controller.end().nanos())));
    }
    const QString computing =
        m_controller.running()
            ? tr(" · computing… %1 of %2")
                  .arg(QString::fromStdString(formatDurationShort(data.frontier())),
                       QString::fromStdString(formatDurationShort(m_controller.end())))
            : QString();
    // Alerts raised so far, counted over the records that arrived since the last update.
    if (data.records().size() < m_counted) {
        m_counted = 0;
        m_alerts = 0;
    }
    for (; m_counted < data.records().size(); ++m_counted) {
        m_alerts += data.records()[m_counted].kind == RecordKind::AlertRaised ? 1 : 0;
    }
    m_run->setText(tr("%L1 records · %L2 alerts raised%3")
                       .arg(data.records().size())
                       .arg(m_alerts)
                       .arg(computing));
    if (data.finished()) {
        const QString& problem = m_controller.recordingProblem();
        m_digest->setText(
            tr("seed %1 · digest %2%3")
                .arg(data.seed())
                .arg(QString::fromStdString(formatDigest(data.digest())))
                .arg(problem.isEmpty() ? QString() : tr(" · differs from the recording")));
        m_digest->setToolTip(problem);
        m_digest->setStyleSheet(
            problem.isEmpty()
                ? QString()
                : QStringLiteral("color: %1").arg(Theme::readable(Theme::error()).name()));
        const auto& results = data.expectations();
        const auto passed = std::count_if(results.begin(), results.end(),
                                          [](const ExpectationResult& r) { return r.passed; });
        m_expectations->setText(
            results.empty() ? QString() : tr("expectations %1/%2").arg(passed).arg(results.size()));
        m_expectations->setStyleSheet(
            QStringLiteral("color: %1")
                .arg(Theme::readable(passed == static_cast<long>(results.size()) ? Theme::ok()
                                                                                 : Theme::error())
                         .name()));
    } else {
        m_digest->setText(tr("seed %1 · digest (computing)").arg(data.seed()));
        m_digest->setToolTip(QString());
        m_digest->setStyleSheet(QString());
        m_expectations->clear();
    }
}

} // namespace evsim::gui
