#include "gui/views/compare/compare_view.h"

#include "gui/control/background_task.h"
#include "gui/control/session_controller.h"
#include "gui/models/comparison_model.h"
#include "gui/theme/theme.h"
#include "gui/views/compare/depth_overlay.h"
#include "gui/widgets/row_table.h"
#include "harness/recording/record_text.h"
#include "harness/session/run_comparison.h"
#include "harness/session/session_files.h"

#include <QCheckBox>
#include <QEvent>
#include <QFileDialog>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLocale>
#include <QPushButton>
#include <QSpinBox>
#include <QSplitter>
#include <QTabWidget>
#include <QTableView>
#include <QTableWidget>
#include <QVBoxLayout>
#include <algorithm>
#include <limits>

namespace evsim::gui {
namespace {

// Records of each run shown before and after the first one that differs.
constexpr std::size_t kContextBefore = 1;
constexpr std::size_t kContextAfter = 6;

QString recordLine(const RunData& run, std::size_t index) {
    if (index >= run.records().size()) {
        return QObject::tr("(no record: the run ended)");
    }
    // The record's own text, its time to the nanosecond replaced by one for people.
    const Record& r = run.records()[index];
    const std::string text = recordText(run.entities(), r);
    return QString::fromStdString(formatDurationShort(r.time) + text.substr(text.find(' ')));
}

} // namespace

CompareView::CompareView(SessionController& controller, QWidget* parent)
    : QWidget(parent), m_controller(controller) {
    setObjectName(QStringLiteral("compareView"));
    auto* layout = new QVBoxLayout(this);
    auto* bar = new QHBoxLayout;
    bar->addWidget(new QLabel(tr("Compare this run (A) with B, the same session with seed"), this));
    m_seed = new QSpinBox(this);
    m_seed->setRange(0, std::numeric_limits<int>::max());
    m_seed->setValue(2);
    m_seed->setToolTip(tr("The seed of run B: the same scenario and interventions as A"));
    bar->addWidget(m_seed);
    m_runSeed = new QPushButton(tr("Run B"), this);
    bar->addWidget(m_runSeed);
    bar->addWidget(new QLabel(tr("or"), this));
    m_openFile = new QPushButton(tr("Open a Scenario or Recording as B…"), this);
    bar->addWidget(m_openFile);
    bar->addStretch(1);
    layout->addLayout(bar);

    m_summary = new QLabel(this);
    m_summary->setObjectName(QStringLiteral("compareSummary"));
    m_summary->setTextFormat(Qt::RichText);
    m_summary->setWordWrap(true);
    m_summary->setTextInteractionFlags(Qt::TextSelectableByMouse);
    layout->addWidget(m_summary);

    // Left, two tabs - where the runs part, and the figures that differ - each with the whole
    // height of a short bottom panel; right, the chosen queue's depth in both runs.
    auto* split = new QSplitter(Qt::Horizontal, this);
    auto* tabs = new QTabWidget(split);
    auto* partingTab = new QWidget(tabs);
    auto* parting = new QVBoxLayout(partingTab);
    m_parting = new QTableWidget(0, 3, partingTab);
    m_parting->setObjectName(QStringLiteral("partingRecords"));
    m_parting->setHorizontalHeaderLabels({tr("Record"), tr("A"), tr("B")});
    m_parting->verticalHeader()->hide();
    m_parting->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_parting->setSelectionMode(QAbstractItemView::NoSelection);
    m_parting->horizontalHeader()->setSectionResizeMode(0, QHeaderView::ResizeToContents);
    m_parting->horizontalHeader()->setSectionResizeMode(1, QHeaderView::Stretch);
    m_parting->horizontalHeader()->setSectionResizeMode(2, QHeaderView::Stretch);
    m_parting->setTextElideMode(Qt::ElideRight); // the time, the kind and the message first
    m_parting->setWordWrap(false); // one line a record: a short panel still shows several
    m_parting->verticalHeader()->setDefaultSectionSize(m_parting->fontMetrics().height() + 6);
    m_parting->setMinimumHeight(60);
    parting->addWidget(m_parting, 1);
    m_showParting = new QPushButton(tr("Show in the Log"), partingTab);
    m_showParting->setToolTip(
        tr("Moves the time cursor to the first record that differs and selects it in the log "
           "and the sequence view"));
    m_openOther = new QPushButton(tr("Open B in a Window"), partingTab);
    m_openOther->setObjectName(QStringLiteral("openOtherWindow"));
    m_openOther->setToolTip(tr("Opens run B in a window of its own, with every view, the "
                               "record where the runs part selected there"));
    auto* partingButtons = new QHBoxLayout;
    partingButtons->addWidget(m_showParting);
    partingButtons->addWidget(m_openOther);
    partingButtons->addStretch(1);
    parting->addLayout(partingButtons);
    tabs->addTab(partingTab, tr("Where They Part"));

    auto* figuresTab = new QWidget(tabs);
    auto* figures = new QVBoxLayout(figuresTab);
    m_onlyDifferences = new QCheckBox(tr("Only figures that differ"), figuresTab);
    m_onlyDifferences->setChecked(true);
    figures->addWidget(m_onlyDifferences);
    m_model = new ComparisonModel(this);
    m_table = new QTableView(figuresTab);
    m_table->setObjectName(QStringLiteral("comparisonTable"));
    m_table->setModel(m_model);
    setUpRowTable(*m_table);
    m_table->horizontalHeader()->setStretchLastSection(false);
    m_table->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_table->horizontalHeader()->setSectionResizeMode(ComparisonModel::Name, QHeaderView::Stretch);
    m_table->setMinimumHeight(60);
    figures->addWidget(m_table, 1);
    tabs->addTab(figuresTab, tr("Figures"));
    m_tabs = tabs;

    m_overlay = new DepthOverlay(split);
    split->addWidget(tabs);
    split->addWidget(m_overlay);
    split->setSizes({6000, 4000}); // in proportion, whatever the panel's width
    layout->addWidget(split, 1);

    connect(m_runSeed, &QPushButton::clicked, this, [this] {
        const QString error = compareWithSeed(static_cast<std::uint64_t>(m_seed->value()));
        if (!error.isEmpty()) {
            m_summary->setText(error.toHtmlEscaped());
        }
    });
    connect(m_openFile, &QPushButton::clicked, this, [this] {
        const QString path = QFileDialog::getOpenFileName(
            this, tr("Open a Scenario or Recording as Run B"),
            QFileInfo(m_controller.filePath()).absolutePath(),
            tr("Scenarios and recordings (*.json *.evrec);;All files (*)"));
        if (!path.isEmpty()) {
            const QString error = compareWithFile(path);
            if (!error.isEmpty()) {
                m_summary->setText(
                    error.toHtmlEscaped().replace(QLatin1Char('\n'), QStringLiteral("<br>")));
            }
        }
    });
    connect(m_showParting, &QPushButton::clicked, this, &CompareView::showFirstDifference);
    connect(m_openOther, &QPushButton::clicked, this, &CompareView::openOtherRequested);
    connect(m_onlyDifferences, &QCheckBox::toggled, m_model, &ComparisonModel::setOnlyDifferences);
    connect(m_table->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            &CompareView::showSelectedQueue);
    connect(&controller, &SessionController::sessionOpened, this, [this] {
        // Another file: B belonged to the session that was open. The same file, reloaded or
        // with a value edited in the properties panel: B stays, to compare the new A with.
        if (m_controller.filePath() != m_sessionPath) {
            m_other.reset();
            m_otherSession.reset();
        }
        refresh();
    });
    connect(&controller, &SessionController::runFinished, this, &CompareView::refresh);
    refresh();
}

CompareView::~CompareView() = default;

QString CompareView::compareWithSeed(std::uint64_t seed) {
    if (!m_controller.hasSession()) {
        return tr("Open a scenario first.");
    }
    // A's session, interventions and edits included, with B's seed; a recording's digest
    // belongs to A's seed, so B does not check against it.
    Session other = m_controller.session();
    other.seed = seed;
    other.recorded.reset();
    return computeOther(std::move(other), tr("this session"));
}

QString CompareView::compareWithFile(const QString& path) {
    const LoadResult<Session> opened = openSessionFile(path.toStdString());
    if (!opened.ok()) {
        return QString::fromStdString(formatErrors(opened.errors));
    }
    return computeOther(std::move(*opened.value), QFileInfo(path).fileName());
}

QString CompareView::computeOther(Session session, const QString& what) {
    const Scenario scenario = session.effective();
    TaskControl control;
    auto other = std::make_unique<RunData>();
    const Status done = runInBackground(this, tr("Computing run B (%1)…").arg(what), control, [&] {
        RunOptions options;
        options.seed = session.seed;
        options.cancel = &control.cancel;
        options.progress = control.follow();
        *other = computeRunData(scenario, options);
        return control.cancel ? Status::refused("cancelled") : Status::done();
    });
    if (!done.ok()) {
        return tr("Run B was cancelled; the comparison is as it was.");
    }
    m_other = std::move(other);
    m_otherSession = std::move(session);
    m_otherName = what;
    m_sessionPath = m_controller.filePath();
    refresh();
    return {};
}

void CompareView::refresh() {
    const bool ready = m_other != nullptr && m_controller.data().finished();
    m_showParting->setEnabled(false);
    m_openOther->setEnabled(m_otherSession.has_value());
    m_parting->setRowCount(0);
    if (!ready) {
        m_model->setComparison({});
        m_overlay->clear();
        m_summary->setText(m_other ? tr("Waiting for run A to finish…")
                                   : tr("Choose a seed or a file for run B: its figures, the "
                                        "first record where it parts from this run, and its "
                                        "queues' depth appear here beside A's."));
        return;
    }
    m_model->setComparison(compareRuns(m_controller.data(), *m_other));
    const RunComparison& c = m_model->comparison();
    const auto number = [](std::uint64_t n) {
        return QLocale().toString(qulonglong{n});
    };
    // One arg() call with every value: a file name with "%1" in it stays as it is.
    QString text = tr("<b>A</b>: this run, seed %1, digest %2, %3 records · <b>B</b>: %4, "
                      "seed %5, digest %6, %7 records")
                       .arg(number(m_controller.data().seed()),
                            QString::fromStdString(formatDigest(c.digestA)), number(c.recordsA),
                            m_otherName.toHtmlEscaped(), number(m_other->seed()),
                            QString::fromStdString(formatDigest(c.digestB)), number(c.recordsB));
    if (c.firstDifference) {
        text += tr("<br>They part at record %1; %2 of %3 figures differ.")
                    .arg(number(*c.firstDifference), number(c.differingFigures()),
                         number(c.figures.size()));
    } else {
        text += tr("<br>The runs are the same, record for record.");
    }
    m_summary->setText(text);
    m_tabs->setTabText(1, tr("Figures (%1 differ)").arg(c.differingFigures()));
    showParting();
    // The first queue listed - or, when no figure differs, the run's first queue - so that the
    // overlay shows something from the start.
    for (int row = 0; row < m_model->rowCount(); ++row) {
        if (m_model->figureAt(row).of == ComparedFigure::Of::Queue) {
            m_table->setCurrentIndex(m_model->index(row, ComparisonModel::Name));
            showSelectedQueue();
            return;
        }
    }
    if (!m_controller.data().summary().queues.empty()) {
        m_overlay->show(m_controller.data(), *m_other,
                        QString::fromStdString(m_controller.data().summary().queues[0].name));
    }
}

void CompareView::showParting() {
    const RunComparison& c = m_model->comparison();
    if (!c.firstDifference || !m_other) {
        return;
    }
    m_parting->setRowCount(0);
    const std::size_t first = *c.firstDifference;
    const std::size_t from = first > kContextBefore ? first - kContextBefore : 0;
    const std::size_t to = std::min(std::max(c.recordsA, c.recordsB), first + kContextAfter);
    const RunData& a = m_controller.data();
    QFont bold = font();
    bold.setBold(true);
    QColor mark = Theme::warning();
    mark.setAlphaF(0.3);
    for (std::size_t i = from; i < to; ++i) {
        const int row = m_parting->rowCount();
        m_parting->insertRow(row);
        const QString texts[] = {QString::number(i), recordLine(a, i), recordLine(*m_other, i)};
        for (int column = 0; column < 3; ++column) {
            auto* item = new QTableWidgetItem(texts[column]);
            item->setToolTip(texts[column]);
            if (i == first) {
                item->setFont(bold);
                item->setBackground(Theme::over(mark, Theme::base()));
            }
            m_parting->setItem(row, column, item);
        }
    }
    m_parting->scrollToItem(m_parting->item(static_cast<int>(first - from), 0),
                            QAbstractItemView::PositionAtCenter);
    m_showParting->setEnabled(first < c.recordsA);
}

std::optional<std::size_t> CompareView::firstDifference() const {
    return m_other ? m_model->comparison().firstDifference : std::nullopt;
}

bool CompareView::showFirstDifference() {
    const RunComparison& c = m_model->comparison();
    if (!c.firstDifference || *c.firstDifference >= m_controller.data().records().size()) {
        return false;
    }
    const std::size_t index = *c.firstDifference;
    const Record& r = m_controller.data().records()[index];
    m_controller.pause();
    m_controller.setCursor(r.time);
    m_controller.select({Selection::Kind::Record, messageOf(r), index});
    return true;
}

void CompareView::showSelectedQueue() {
    const QModelIndex current = m_table->currentIndex();
    if (!current.isValid() || !m_other) {
        return;
    }
    const ComparedFigure& f = m_model->figureAt(current.row());
    if (f.of == ComparedFigure::Of::Queue) {
        m_overlay->show(m_controller.data(), *m_other, QString::fromStdString(f.name));
    }
}

void CompareView::changeEvent(QEvent* event) {
    QWidget::changeEvent(event);
    if (event->type() == QEvent::PaletteChange) {
        m_overlay->applyTheme();
        showParting();
    }
}

} // namespace evsim::gui
