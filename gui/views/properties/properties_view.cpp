#include "gui/views/properties/properties_view.h"

#include "gui/control/session_controller.h"
#include "gui/theme/theme.h"

#include <QEvent>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QScrollArea>
#include <QVBoxLayout>

namespace evsim::gui {

PropertiesView::PropertiesView(SessionController& controller, QWidget* parent)
    : QWidget(parent), m_controller(controller) {
    setObjectName(QStringLiteral("propertiesView"));
    auto* layout = new QVBoxLayout(this);
    m_title = new QLabel(this);
    m_title->setWordWrap(true);
    QFont bold = m_title->font();
    bold.setBold(true);
    m_title->setFont(bold);
    layout->addWidget(m_title);
    auto* scroll = new QScrollArea(this);
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    m_form = new QWidget(scroll);
    m_rows = new QFormLayout(m_form);
    m_rows->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
    m_rows->setRowWrapPolicy(QFormLayout::WrapLongRows);
    scroll->setWidget(m_form);
    layout->addWidget(scroll, 1);
    m_problem = new QLabel(this);
    m_problem->setObjectName(QStringLiteral("propertiesProblem"));
    m_problem->setWordWrap(true);
    m_problem->setTextInteractionFlags(Qt::TextSelectableByMouse);
    layout->addWidget(m_problem);

    connect(&controller, &SessionController::selectionChanged, this, [this] {
        const Selection s = m_controller.selection();
        if (s.kind != Selection::Kind::Entity) {
            return; // keeps the part it shows: an edit clears the selection
        }
        const EntityInfo& e = m_controller.data().entities()[s.id];
        showPart(e.kind, QString::fromStdString(e.name));
    });
    // Queued: an edit made from one of the fields opens the session anew while that field is
    // still handling its key.
    connect(&controller, &SessionController::sessionOpened, this, &PropertiesView::rebuild,
            Qt::QueuedConnection);
    rebuild();
}

void PropertiesView::showPart(EntityKind kind, const QString& name) {
    m_kind = kind;
    m_name = name;
    m_problem->clear();
    rebuild();
}

void PropertiesView::rebuild() {
    while (m_rows->rowCount() > 0) {
        m_rows->removeRow(0);
    }
    m_fields.clear();
    m_hints.clear();
    m_properties = m_controller.hasSession()
                       ? entityProperties(m_controller.session(), m_kind, m_name.toStdString())
                       : EntityProperties{};
    if (m_properties.properties.empty()) {
        m_title->setText(
            tr("Select a service, an instance, a producer, a consumer, a queue or a link on "
               "the canvas to see and change its settings."));
        return;
    }
    m_title->setText(QString::fromStdString(m_properties.title));
    if (m_problem->text().isEmpty()) {
        m_problem->setText(
            tr("Change a value and press Enter: the run is computed again with it. An empty "
               "field goes back to the default."));
    }
    for (std::size_t i = 0; i < m_properties.properties.size(); ++i) {
        const EntityProperty& p = m_properties.properties[i];
        auto* field = new QLineEdit(QString::fromStdString(p.value), m_form);
        field->setObjectName(QString::fromStdString(p.label));
        field->setPlaceholderText(tr("default"));
        field->setToolTip(QString::fromStdString(p.hint));
        auto* hint = new QLabel(QString::fromStdString(p.hint), m_form);
        hint->setWordWrap(true);
        auto* cell = new QWidget(m_form);
        auto* stack = new QVBoxLayout(cell);
        stack->setContentsMargins(0, 0, 0, 0);
        stack->setSpacing(2);
        stack->addWidget(field);
        stack->addWidget(hint);
        m_rows->addRow(QString::fromStdString(p.label), cell);
        connect(field, &QLineEdit::returnPressed, this, [this, i] { commit(i); });
        m_fields.push_back(field);
        m_hints.push_back(hint);
    }
    changeEvent(nullptr);
}

void PropertiesView::commit(std::size_t index) {
    const EntityProperty& p = m_properties.properties[index];
    const QString typed = m_fields[index]->text().trimmed();
    if (typed == QString::fromStdString(p.value)) {
        return;
    }
    ScenarioEdit edit = p.at;
    edit.json = typed.isEmpty() ? std::string() : propertyJson(typed.toStdString()); // "": default
    const QString label = QString::fromStdString(p.label);
    const QString error = m_controller.editScenario(edit);
    QPalette tone = palette();
    if (!error.isEmpty()) {
        tone.setColor(QPalette::WindowText, Theme::readable(Theme::error()));
        m_problem->setPalette(tone);
        m_problem->setText(tr("%1 was not changed: %2").arg(label, error));
        return;
    }
    m_problem->setPalette(tone);
    m_problem->setText(
        typed.isEmpty()
            ? tr("%1 is back to its default; the run is computed again. Save writes it into "
                 "the file.")
                  .arg(label)
            : tr("%1 is now %2; the run is computed again. Save writes it into the file.")
                  .arg(label, typed));
}

QLineEdit* PropertiesView::field(const QString& label) const {
    for (QLineEdit* f : m_fields) {
        if (f->objectName() == label) {
            return f;
        }
    }
    return nullptr;
}

QString PropertiesView::problem() const {
    return m_problem->text();
}

void PropertiesView::changeEvent(QEvent* event) {
    if (event != nullptr) {
        QWidget::changeEvent(event);
        if (event->type() != QEvent::PaletteChange) {
            return;
        }
    }
    QPalette muted = palette();
    muted.setColor(QPalette::WindowText, Theme::mutedText());
    for (QLabel* hint : m_hints) {
        hint->setPalette(muted);
    }
}

} // namespace evsim::gui
