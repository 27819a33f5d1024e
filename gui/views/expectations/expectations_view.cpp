#include "gui/views/expectations/expectations_view.h"

#include "gui/control/session_controller.h"
#include "gui/models/expectations_model.h"
#include "gui/theme/theme.h"

#include <QEvent>
#include <QFontDatabase>
#include <QHeaderView>
#include <QLabel>
#include <QPlainTextEdit>
#include <QSplitter>
#include <QTableView>
#include <QVBoxLayout>

namespace evsim::gui {

ExpectationsView::ExpectationsView(SessionController& controller, QWidget* parent)
    : QWidget(parent), m_controller(controller) {
    m_model = new ExpectationsModel(controller.data(), this);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    m_headline = new QLabel(this);
    m_headline->setObjectName(QStringLiteral("expectationsHeadline"));
    layout->addWidget(m_headline);
    auto* split = new QSplitter(Qt::Horizontal, this);
    m_table = new QTableView(split);
    m_table->setObjectName(QStringLiteral("expectations"));
    m_table->setModel(m_model);
    m_table->verticalHeader()->hide();
    m_table->horizontalHeader()->setStretchLastSection(true);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->setWordWrap(false);
    m_table->setToolTip(tr("Click a failed expectation to select a message that shows why"));
    m_report = new QPlainTextEdit(split);
    m_report->setObjectName(QStringLiteral("report"));
    m_report->setReadOnly(true);
    m_report->setLineWrapMode(QPlainTextEdit::NoWrap);
    m_report->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_report->setPlaceholderText(tr("The run's report appears here when the run is over."));
    split->addWidget(m_table);
    split->addWidget(m_report);
    split->setStretchFactor(0, 3);
    split->setStretchFactor(1, 2);
    layout->addWidget(split, 1);

    connect(m_table, &QTableView::clicked, this, [this](const QModelIndex& index) {
        const auto& results = m_controller.data().expectations();
        if (index.row() < static_cast<int>(results.size())) {
            const ExpectationResult& r = results[static_cast<std::size_t>(index.row())];
            if (!r.examples.empty()) {
                m_controller.select({Selection::Kind::Message, r.examples.front(), 0});
            }
        }
    });
    connect(&controller, &SessionController::runFinished, this, &ExpectationsView::refresh);
    connect(&controller, &SessionController::runRestarted, this, &ExpectationsView::refresh);
    connect(&controller, &SessionController::sessionOpened, this, &ExpectationsView::refresh);
    refresh();
}

QString ExpectationsView::reportText() const {
    return m_report->toPlainText();
}

void ExpectationsView::changeEvent(QEvent* event) {
    QWidget::changeEvent(event);
    if (event->type() == QEvent::PaletteChange) {
        showHeadline();
    }
}

void ExpectationsView::refresh() {
    m_model->refresh();
    m_table->resizeColumnToContents(ExpectationsModel::Status);
    m_report->setPlainText(m_controller.report());
    showHeadline();
}

void ExpectationsView::showHeadline() {
    const RunData& data = m_controller.data();
    if (!m_controller.hasSession()) {
        m_headline->clear();
    } else if (!data.finished()) {
        m_headline->setText(tr("The run is computing; expectations are checked at its end."));
        m_headline->setStyleSheet({});
    } else if (m_model->rowCount() == 0) {
        m_headline->setText(tr("This scenario states no expectations."));
        m_headline->setStyleSheet({});
    } else {
        const int failed = m_model->failed();
        m_headline->setText(
            failed == 0 ? tr("All %1 expectations pass.").arg(m_model->rowCount())
                        : tr("%1 of %2 expectations fail.").arg(failed).arg(m_model->rowCount()));
        m_headline->setStyleSheet(
            QStringLiteral("font-weight: bold; color: %1")
                .arg(Theme::readable(failed == 0 ? Theme::ok() : Theme::error()).name()));
    }
}

} // namespace evsim::gui
