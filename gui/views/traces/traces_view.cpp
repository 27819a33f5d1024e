#include "gui/views/traces/traces_view.h"

#include "gui/control/session_controller.h"
#include "gui/models/trace_filter_model.h"
#include "gui/models/traces_model.h"
#include "gui/theme/theme.h"
#include "gui/views/traces/waterfall_widget.h"
#include "gui/widgets/behind_a_tab.h"
#include "gui/widgets/row_table.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QLabel>
#include <QLineEdit>
#include <QScrollArea>
#include <QSignalBlocker>
#include <QSplitter>
#include <QTableView>
#include <QVBoxLayout>

namespace evsim::gui {

TracesView::TracesView(SessionController& controller, QWidget* parent)
    : QWidget(parent), m_controller(controller) {
    m_model = new TracesModel(controller.data(), this);
    m_filter = new TraceFilterModel(*m_model, this);

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    auto* bar = new QHBoxLayout;
    m_eventType = new QComboBox(this);
    m_eventType->setObjectName(QStringLiteral("traceEventType"));
    m_eventType->setToolTip(tr("Only traces whose root carries this event type"));
    m_eventType->addItem(tr("All event types"), 0);
    m_status = new QComboBox(this);
    m_status->setObjectName(QStringLiteral("traceStatus"));
    m_status->setToolTip(tr("Only traces in this state. A problem is a trace with a copy lost, "
                            "parked in a dead-letter queue or still failing; recovered means "
                            "attempts failed or went through a delay queue, but every copy ended "
                            "acknowledged"));
    using S = TraceFilterModel::StatusFilter;
    const std::pair<QString, S> statuses[] = {{tr("Any status"), S::Any},
                                              {tr("Problems"), S::Problem},
                                              {tr("Ok"), S::Ok},
                                              {tr("Recovered"), S::Recovered},
                                              {tr("In progress"), S::InProgress},
                                              {tr("Failed"), S::Failed},
                                              {tr("Dead-lettered"), S::DeadLettered},
                                              {tr("Dropped"), S::Dropped}};
    for (const auto& [text, status] : statuses) {
        m_status->addItem(text, static_cast<int>(status));
    }
    m_minDuration = new QLineEdit(this);
    m_minDuration->setObjectName(QStringLiteral("traceMinDuration"));
    m_minDuration->setPlaceholderText(tr("min duration, e.g. 50ms"));
    m_minDuration->setClearButtonEnabled(true);
    m_minDuration->setMaximumWidth(
        m_minDuration->fontMetrics().horizontalAdvance(m_minDuration->placeholderText()) + 40);
    m_count = new QLabel(this);
    bar->addWidget(m_eventType);
    bar->addWidget(m_status);
    bar->addWidget(m_minDuration);
    bar->addStretch(1);
    bar->addWidget(m_count);
    layout->addLayout(bar);

    auto* split = new QSplitter(Qt::Vertical, this);
    m_table = new QTableView(split);
    m_table->setObjectName(QStringLiteral("traces"));
    m_table->setModel(m_filter);
    m_table->setSortingEnabled(true);
    m_table->sortByColumn(TracesModel::Start, Qt::AscendingOrder);
    setUpRowTable(*m_table);
    // Services, the widest and least important, last: it takes the room that is left.
    m_table->horizontalHeader()->moveSection(TracesModel::Services, TracesModel::ColumnCount - 1);
    const int digit = m_table->fontMetrics().horizontalAdvance(QLatin1Char('0'));
    m_table->setColumnWidth(TracesModel::Start, digit * 10);
    m_table->setColumnWidth(TracesModel::Root, digit * 11);
    m_table->setColumnWidth(TracesModel::Event, digit * 22);
    m_table->setColumnWidth(TracesModel::Services, digit * 26);
    m_table->setColumnWidth(TracesModel::Spans, digit * 7);
    m_table->setColumnWidth(TracesModel::Duration, digit * 11);
    m_table->setColumnWidth(TracesModel::Status, digit * 16);
    m_waterfall = new WaterfallWidget(controller.data());
    auto* scroll = new QScrollArea(split);
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    scroll->setWidget(m_waterfall);
    split->addWidget(m_table);
    split->addWidget(scroll);
    split->setStretchFactor(0, 2);
    split->setStretchFactor(1, 3);
    split->setSizes({400, 600});
    layout->addWidget(split, 1);

    connect(m_eventType, &QComboBox::currentIndexChanged, this, [this] {
        m_filter->setEventType(m_eventType->currentData().toInt());
        updateCount();
    });
    connect(m_status, &QComboBox::currentIndexChanged, this, [this] {
        m_filter->setStatusFilter(
            static_cast<TraceFilterModel::StatusFilter>(m_status->currentData().toInt()));
        updateCount();
    });
    connect(m_minDuration, &QLineEdit::textChanged, this, [this](const QString& text) {
        const std::optional<SimTime> d = text.trimmed().isEmpty()
                                             ? SimTime::zero()
                                             : parseDuration(text.trimmed().toStdString());
        m_minDuration->setToolTip(d ? QString() : tr("Not a duration: write 50ms, 1.5s, 200us"));
        if (d) {
            m_filter->setMinDuration(*d);
            updateCount();
        }
    });
    // A trace picked by the user (click or keys) selects its root message everywhere.
    connect(
        m_table->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
        [this](const QModelIndex& current) {
            if (!current.isValid() || !m_table->hasFocus()) {
                return;
            }
            const QModelIndex source = m_filter->mapToSource(current);
            m_controller.select({Selection::Kind::Message, m_model->trace(source.row()).root, 0});
        });
    connect(m_table, &QTableView::clicked, this, [this](const QModelIndex& index) {
        const QModelIndex source = m_filter->mapToSource(index);
        m_controller.select({Selection::Kind::Message, m_model->trace(source.row()).root, 0});
    });
    connect(m_waterfall, &WaterfallWidget::messageClicked, this, [this](std::uint32_t message) {
        m_controller.select({Selection::Kind::Message, message, 0});
    });
    connect(&controller, &SessionController::sessionOpened, this, &TracesView::restart);
    connect(&controller, &SessionController::runRestarted, this, &TracesView::restart);
    connect(&controller, &SessionController::dataChanged, this, &TracesView::refresh);
    connect(&controller, &SessionController::selectionChanged, this, &TracesView::showSelection);
    connect(&controller, &SessionController::cursorChanged, m_waterfall,
            &WaterfallWidget::setCursor);
    updateCount();
}

void TracesView::setEventTypeFilter(int eventType) {
    const int index = m_eventType->findData(eventType);
    m_eventType->setCurrentIndex(std::max(0, index));
}

void TracesView::setStatusFilter(int status) {
    const int index = m_status->findData(status);
    m_status->setCurrentIndex(std::max(0, index));
}

void TracesView::setMinDurationFilter(const QString& text) {
    m_minDuration->setText(text);
}

void TracesView::restart() {
    m_model->reset();
    m_eventTypesListed = 0;
    {
        const QSignalBlocker block(m_eventType);
        while (m_eventType->count() > 1) {
            m_eventType->removeItem(1);
        }
    }
    m_filter->setEventType(0);
    m_eventType->setCurrentIndex(0);
    fillEventTypes();
    m_shown = 0;
    m_waterfall->setTrace({});
    showSelection();
    updateCount();
}

void TracesView::showEvent(QShowEvent* event) {
    QWidget::showEvent(event);
    if (m_behind) {
        refresh();
    }
}

void TracesView::refresh() {
    // Behind another tab of a shown window, the traces are followed but the table is not told:
    // laying out a million rows it does not show would stall the window while a run computes.
    m_behind = behindATab(*this);
    m_model->refresh(!m_behind);
    if (m_behind) {
        return;
    }
    fillEventTypes();
    updateCount();
    // The shown trace may have grown.
    const int row = m_shown != 0 ? m_model->rowOfRoot(m_shown) : -1;
    if (row >= 0 && m_model->trace(row).lastRecord != m_shownLastRecord) {
        showTrace(m_shown);
    } else if (m_shown == 0) {
        showSelection(); // a message selected before its trace arrived
    }
}

void TracesView::fillEventTypes() {
    const StringTable& types = m_controller.data().eventTypes();
    for (std::size_t i = std::max<std::size_t>(1, m_eventTypesListed); i < types.size(); ++i) {
        m_eventType->addItem(QString::fromStdString(types[static_cast<std::uint32_t>(i)]),
                             static_cast<int>(i));
        m_eventType->setItemData(m_eventType->count() - 1, Theme::eventType(static_cast<int>(i)),
                                 Qt::DecorationRole);
    }
    m_eventTypesListed = types.size();
}

void TracesView::updateCount() {
    m_count->setText(tr("%1 of %2 traces").arg(m_filter->rowCount()).arg(m_model->rowCount()));
}

void TracesView::showSelection() {
    const Selection& s = m_controller.selection();
    const bool aboutMessage =
        s.kind == Selection::Kind::Message || (s.kind == Selection::Kind::Record && s.id != 0);
    m_waterfall->setHighlighted(aboutMessage ? s.id : 0);
    if (!aboutMessage) {
        return;
    }
    const int row = m_model->rowOfMessage(s.id);
    if (row < 0) {
        return;
    }
    const QModelIndex proxy = m_filter->mapFromSource(m_model->index(row, 0));
    if (proxy.isValid()) {
        // Not the user's pick: keep the selected message as it is.
        const QSignalBlocker block(m_table->selectionModel());
        m_table->selectionModel()->setCurrentIndex(proxy, QItemSelectionModel::ClearAndSelect |
                                                              QItemSelectionModel::Rows);
        m_table->scrollTo(proxy);
        m_table->viewport()->update();
    }
    showTrace(m_model->trace(row).root);
}

void TracesView::showTrace(std::uint32_t root) {
    const int row = m_model->rowOfRoot(root);
    if (row < 0) {
        return;
    }
    const TraceSummary& t = m_model->trace(row);
    m_shown = root;
    m_shownLastRecord = t.lastRecord;
    m_waterfall->setTrace(buildTraceSpans(m_controller.data(), root, t.firstRecord, t.lastRecord));
}

} // namespace evsim::gui
