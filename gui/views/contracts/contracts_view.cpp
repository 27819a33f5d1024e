#include "gui/views/contracts/contracts_view.h"

#include "gui/control/session_controller.h"
#include "gui/theme/theme.h"

#include <QComboBox>
#include <QEvent>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QTableWidget>
#include <QVBoxLayout>
#include <algorithm>

namespace evsim::gui {
namespace {

QString text(const std::string& s) {
    return QString::fromStdString(s);
}

QString problemLines(const std::vector<SchemaProblem>& problems) {
    QStringList lines;
    for (const SchemaProblem& p : problems) {
        lines << text(describe(p));
    }
    return lines.join(QLatin1Char('\n'));
}

QString joined(const std::vector<std::string>& items) {
    QStringList out;
    for (const std::string& s : items) {
        out << text(s);
    }
    return out.join(QStringLiteral(", "));
}

// "shipping v1" over "shipping.orders", "after its deploy" for the version a roll-out brings.
QString readerHeading(const ContractReader& r) {
    QString heading = QObject::tr("%1 v%2").arg(text(r.service), QString::number(r.version));
    if (r.afterDeploy) {
        heading += QObject::tr(" (deployed)");
    }
    return heading + QLatin1Char('\n') + text(r.source);
}

QString readerTip(const ContractReader& r) {
    QString tip = QObject::tr("%1's code at v%2, reading %3")
                      .arg(text(r.service), QString::number(r.version), text(r.source));
    tip +=
        QLatin1Char('\n') + QObject::tr("reads the fields: %1")
                                .arg(r.fields.empty() ? QObject::tr("(none)") : joined(r.fields));
    if (!r.accepts.empty()) {
        QStringList versions;
        for (const int v : r.accepts) {
            versions << QStringLiteral("v%1").arg(v);
        }
        tip += QLatin1Char('\n') +
               QObject::tr("takes only %1").arg(versions.join(QStringLiteral(", ")));
    }
    return tip;
}

} // namespace

ContractsView::ContractsView(SessionController& controller, QWidget* parent)
    : QWidget(parent), m_controller(controller) {
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(6, 6, 6, 6);
    m_verdict = new QLabel(this);
    m_verdict->setObjectName(QStringLiteral("contractsVerdict"));
    m_verdict->setWordWrap(true);
    layout->addWidget(m_verdict);
    m_chooser = new QWidget(this);
    auto* chooser = new QHBoxLayout(m_chooser);
    chooser->setContentsMargins(0, 0, 0, 0);
    chooser->addWidget(new QLabel(tr("Event type"), this));
    m_eventType = new QComboBox(this);
    m_eventType->setObjectName(QStringLiteral("contractsEventType"));
    m_eventType->setMinimumContentsLength(20);
    chooser->addWidget(m_eventType);
    m_registry = new QLabel(this);
    m_registry->setObjectName(QStringLiteral("contractsRegistry"));
    m_registry->setWordWrap(true);
    chooser->addWidget(m_registry, 1);
    layout->addWidget(m_chooser);
    m_matrix = new QTableWidget(this);
    m_matrix->setObjectName(QStringLiteral("contractsMatrix"));
    m_matrix->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_matrix->setSelectionMode(QAbstractItemView::SingleSelection);
    m_matrix->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_matrix->verticalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_matrix->setWordWrap(true);
    layout->addWidget(m_matrix, 1);
    m_why = new QLabel(this);
    m_why->setObjectName(QStringLiteral("contractsWhy"));
    m_why->setWordWrap(true);
    m_why->setTextFormat(Qt::PlainText); // names and fields from the scenario
    m_why->setTextInteractionFlags(Qt::TextSelectableByMouse);
    layout->addWidget(m_why);
    layout->addStretch(0); // takes the room of the matrix when it is hidden

    connect(m_eventType, &QComboBox::currentIndexChanged, this, &ContractsView::showMatrix);
    connect(m_matrix, &QTableWidget::currentCellChanged, this,
            [this](int row, int column) { showCellWhy(row, column); });
    // Schemas, reads and rolling deploys change with the scenario and its edits: both start a
    // run from the beginning.
    connect(&controller, &SessionController::sessionOpened, this, &ContractsView::recheck);
    connect(&controller, &SessionController::runRestarted, this, &ContractsView::recheck);
    connect(&controller, &SessionController::runFinished, this, &ContractsView::showVerdict);
    recheck();
}

void ContractsView::changeEvent(QEvent* event) {
    QWidget::changeEvent(event);
    if (event->type() == QEvent::PaletteChange) {
        const int row = m_matrix->currentRow();
        const int column = m_matrix->currentColumn();
        showVerdict();
        showMatrix();
        if (row >= 0 && row < m_matrix->rowCount() && column < m_matrix->columnCount()) {
            m_matrix->setCurrentCell(row, column); // the cell the user chose stays chosen
        }
    }
}

void ContractsView::showEventType(const QString& eventType) {
    m_eventType->setCurrentIndex(m_eventType->findText(eventType));
}

QString ContractsView::verdict() const {
    return m_verdict->text();
}

void ContractsView::recheck() {
    m_scenario = m_controller.hasSession() ? m_controller.session().effective() : Scenario{};
    m_report = checkContracts(m_scenario);
    const QString chosen = m_eventType->currentText();
    {
        const QSignalBlocker quiet(m_eventType);
        m_eventType->clear();
        for (const EventContracts& e : m_report.events) {
            m_eventType->addItem(text(e.schema->eventType));
        }
        // The event type shown before, or the first that breaks, or the first.
        int index = m_eventType->findText(chosen);
        for (std::size_t i = 0; index < 0 && i < m_report.events.size(); ++i) {
            const EventContracts& e = m_report.events[i];
            for (const auto& row : e.cells) {
                for (const ContractCell& c : row) {
                    if (c.meet && !c.compatible()) {
                        index = static_cast<int>(i);
                    }
                }
            }
        }
        m_eventType->setCurrentIndex(std::max(index, m_report.events.empty() ? -1 : 0));
    }
    // Without schemas there is nothing to choose or show: the verdict says how to add them.
    m_eventType->setEnabled(!m_report.events.empty());
    m_chooser->setVisible(!m_report.events.empty());
    m_matrix->setVisible(!m_report.events.empty());
    showVerdict();
    showMatrix();
}

void ContractsView::showVerdict() {
    if (m_report.events.empty()) {
        m_verdict->setText(tr("This scenario declares no event schemas, so there are no contracts "
                              "to check. A \"schemas\" section gives event types their versions, "
                              "and a consumer's \"reads\" the fields it uses (docs/schemas.md)."));
        return;
    }
    QString verdict;
    if (m_report.compatible()) {
        verdict = tr("<span style=\"color:%1\">✔ Compatible:</span> every consumer reads each "
                     "version it meets, and the registry takes every version.")
                      .arg(Theme::ok().name());
    } else {
        const int broken = static_cast<int>(m_report.brokenPairs());
        const int refused = static_cast<int>(m_report.refusedVersions());
        QStringList why;
        if (broken > 0) {
            why << (broken == 1 ? tr("1 pair that meets cannot read")
                                : tr("%1 pairs that meet cannot read").arg(broken));
        }
        if (refused > 0) {
            why << (refused == 1 ? tr("the registry refuses 1 version pair")
                                 : tr("the registry refuses %1 version pairs").arg(refused));
        }
        verdict = tr("<span style=\"color:%1\">✘ Incompatible:</span> %2. An event a consumer "
                     "cannot read fails with schema_mismatch and takes the retry and dead-letter "
                     "path.")
                      .arg(Theme::error().name(), why.join(QStringLiteral("; ")));
    }
    // What the run shows of it, once it is over.
    QStringList seen;
    for (const ConsumerStats& c : m_controller.data().summary().consumers) {
        if (c.schemaMismatches > 0) {
            seen << tr("%1 (reading %2) failed %3 with schema_mismatch")
                        .arg(text(c.service).toHtmlEscaped(), text(c.queue).toHtmlEscaped(),
                             QString::number(c.schemaMismatches));
        }
    }
    if (!seen.isEmpty()) {
        verdict +=
            QStringLiteral("<br>") + tr("In this run: %1.").arg(seen.join(QStringLiteral("; ")));
    }
    m_verdict->setText(verdict);
}

void ContractsView::showMatrix() {
    m_matrix->clear();
    m_matrix->setRowCount(0); // and no current cell
    m_why->clear();
    const int chosen = m_eventType->currentIndex();
    if (chosen < 0 || chosen >= static_cast<int>(m_report.events.size())) {
        m_matrix->setRowCount(0);
        m_matrix->setColumnCount(0);
        m_registry->clear();
        return;
    }
    const EventContracts& e = m_report.events[static_cast<std::size_t>(chosen)];
    const QString mode = QString::fromUtf8(compatibilityName(e.schema->compatibility));
    if (e.schema->compatibility == Compatibility::None) {
        m_registry->setText(tr("Registry: NONE, versions are not checked against each other"));
    } else if (e.registry.empty()) {
        m_registry->setText(tr("Registry: every version passes %1").arg(mode));
    } else {
        QStringList refusals;
        for (const ModeViolation& v : e.registry) {
            refusals << tr("v%1 cannot read v%2").arg(v.reader).arg(v.writer);
        }
        m_registry->setText(tr("<span style=\"color:%1\">Registry: %2 refuses %3</span>")
                                .arg(Theme::error().name(), mode,
                                     refusals.join(QStringLiteral("; ")).toHtmlEscaped()));
    }
    m_matrix->setRowCount(static_cast<int>(e.writers.size()));
    m_matrix->setColumnCount(static_cast<int>(e.readers.size()));
    for (std::size_t w = 0; w < e.writers.size(); ++w) {
        auto* head = new QTableWidgetItem(
            tr("v%1 by %2").arg(QString::number(e.writers[w].version), joined(e.writers[w].by)));
        m_matrix->setVerticalHeaderItem(static_cast<int>(w), head);
    }
    for (std::size_t r = 0; r < e.readers.size(); ++r) {
        auto* head = new QTableWidgetItem(readerHeading(e.readers[r]));
        head->setToolTip(readerTip(e.readers[r]));
        m_matrix->setHorizontalHeaderItem(static_cast<int>(r), head);
    }
    for (std::size_t w = 0; w < e.writers.size(); ++w) {
        for (std::size_t r = 0; r < e.readers.size(); ++r) {
            const ContractCell& c = e.cells[w][r];
            QString label = c.compatible() ? tr("✔ reads") : tr("✘ breaks");
            if (!c.compatible() && !c.problems.empty()) {
                label += QStringLiteral(": ") + text(describe(c.problems.front()));
            }
            auto* item = new QTableWidgetItem(label);
            if (!c.meet) {
                // A pair the traffic never brings together: said, but not alarming.
                item->setForeground(Theme::mutedText());
                item->setText(label + tr(" (never meet)"));
            } else {
                item->setForeground(Theme::readable(c.compatible() ? Theme::ok() : Theme::error()));
            }
            item->setToolTip(c.compatible() ? QString() : problemLines(c.problems));
            m_matrix->setItem(static_cast<int>(w), static_cast<int>(r), item);
        }
    }
    // The first pair that breaks is chosen so that its reasons show: one that meets before one
    // the traffic never brings together.
    for (const bool meets : {true, false}) {
        for (std::size_t w = 0; w < e.writers.size() && m_matrix->currentRow() < 0; ++w) {
            for (std::size_t r = 0; r < e.readers.size() && m_matrix->currentRow() < 0; ++r) {
                const ContractCell& c = e.cells[w][r];
                if (!c.compatible() && c.meet == meets) {
                    m_matrix->setCurrentCell(static_cast<int>(w), static_cast<int>(r));
                }
            }
        }
    }
    if (e.readers.empty()) {
        m_why->setText(tr("No consumer declares what it reads of %1 (\"reads\"): nothing to check "
                          "against its versions.")
                           .arg(text(e.schema->eventType)));
    }
}

void ContractsView::showCellWhy(int row, int column) {
    const int chosen = m_eventType->currentIndex();
    if (chosen < 0 || row < 0 || column < 0) {
        return;
    }
    const EventContracts& e = m_report.events[static_cast<std::size_t>(chosen)];
    const ContractCell& c =
        e.cells[static_cast<std::size_t>(row)][static_cast<std::size_t>(column)];
    const ContractReader& reader = e.readers[static_cast<std::size_t>(column)];
    const int version = e.writers[static_cast<std::size_t>(row)].version;
    if (c.compatible()) {
        m_why->setText(tr("%1 v%2 reads what v%3 writes.")
                           .arg(text(reader.service), QString::number(reader.version),
                                QString::number(version)));
        return;
    }
    m_why->setText(
        tr("%1 v%2 %3 v%4%5:\n%6")
            .arg(text(reader.service), QString::number(reader.version),
                 c.meet ? tr("cannot read") : tr("could not read"), QString::number(version),
                 c.meet ? QString() : tr(" (but the traffic never brings them together)"),
                 problemLines(c.problems)));
}

} // namespace evsim::gui
