#include "gui/app/start_page.h"

#include "gui/app/bundled_scenarios.h"

#include <QLabel>
#include <QListWidget>
#include <QPushButton>
#include <QVBoxLayout>

namespace evsim::gui {

StartPage::StartPage(QWidget* parent) : QWidget(parent) {
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(48, 36, 48, 36);
    layout->setSpacing(12);
    auto* title = new QLabel(tr("<h2>EventSim</h2>"
                                "<p>Open a scenario to watch its events flow, inject failures "
                                "and inspect every message. These come with EventSim; each "
                                "shows one behaviour and asserts it.</p>"),
                             this);
    title->setWordWrap(true);
    layout->addWidget(title);
    m_list = new QListWidget(this);
    m_list->setObjectName(QStringLiteral("bundledScenarios"));
    m_list->setWordWrap(true);
    m_list->setSpacing(4);
    m_list->setAlternatingRowColors(true);
    for (const BundledScenario& s : bundledScenarios()) {
        auto* item =
            new QListWidgetItem(QStringLiteral("%1\n%2").arg(s.name, s.description), m_list);
        item->setData(Qt::UserRole, s.path);
        item->setToolTip(s.path);
        QFont bold = item->font();
        item->setFont(bold);
    }
    if (m_list->count() > 0) {
        m_list->setCurrentRow(0);
    }
    connect(m_list, &QListWidget::itemActivated, this, [this](QListWidgetItem* item) {
        Q_EMIT openRequested(item->data(Qt::UserRole).toString());
    });
    layout->addWidget(m_list, 1);
    auto* browse = new QPushButton(tr("Open Another Scenario…"), this);
    connect(browse, &QPushButton::clicked, this, &StartPage::browseRequested);
    auto* row = new QHBoxLayout;
    row->addWidget(new QLabel(tr("Double-click a scenario, or drop a file on the window."), this),
                   1);
    row->addWidget(browse);
    layout->addLayout(row);
}

} // namespace evsim::gui
