#include "gui/app/start_page.h"

#include "gui/app/bundled_scenarios.h"
#include "gui/app/scenario_card.h"

#include <QFileInfo>
#include <QGridLayout>
#include <QLabel>
#include <QPushButton>
#include <QScrollArea>
#include <QSettings>
#include <QVBoxLayout>
#include <algorithm>

namespace evsim::gui {
namespace {

constexpr int kColumns = 2;

QLabel* sectionTitle(const QString& text, QWidget* parent) {
    auto* label = new QLabel(QStringLiteral("<b>%1</b>").arg(text.toHtmlEscaped()), parent);
    label->setContentsMargins(0, 12, 0, 0);
    return label;
}

} // namespace

StartPage::StartPage(QWidget* parent) : QWidget(parent) {
    auto* outer = new QVBoxLayout(this);
    outer->setContentsMargins(0, 0, 0, 0);
    auto* scroll = new QScrollArea(this);
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    outer->addWidget(scroll);
    auto* page = new QWidget(scroll);
    scroll->setWidget(page);
    auto* layout = new QVBoxLayout(page);
    layout->setContentsMargins(48, 32, 48, 32);
    layout->setSpacing(8);

    auto* title = new QLabel(tr("<h2>EventSim</h2>"
                                "<p>Open a scenario to watch its events flow, inject failures "
                                "and inspect every message.</p>"),
                             page);
    title->setWordWrap(true);
    layout->addWidget(title);

    m_recent = new QWidget(page);
    m_recent->setObjectName(QStringLiteral("recentFiles"));
    layout->addWidget(m_recent);

    layout->addWidget(sectionTitle(tr("Scenarios that come with EventSim"), page));
    auto* hint = new QLabel(tr("Each shows one behaviour and asserts it."), page);
    hint->setForegroundRole(QPalette::PlaceholderText);
    layout->addWidget(hint);
    auto* cards = new QGridLayout;
    cards->setSpacing(8);
    QVector<BundledScenario> scenarios = bundledScenarios();
    std::stable_partition(scenarios.begin(), scenarios.end(), [](const BundledScenario& s) {
        return QFileInfo(s.path).fileName() == QLatin1String(kDefaultScenario);
    });
    for (int i = 0; i < scenarios.size(); ++i) {
        const BundledScenario& s = scenarios[i];
        const bool first = QFileInfo(s.path).fileName() == QLatin1String(kDefaultScenario);
        auto* card = new ScenarioCard(first ? tr("%1 — start here").arg(s.name) : s.name,
                                      s.description, s.path, page);
        card->setObjectName(QStringLiteral("scenarioCard"));
        connect(card, &ScenarioCard::clicked, this,
                [this, path = s.path] { Q_EMIT openRequested(path); });
        cards->addWidget(card, i / kColumns, i % kColumns);
        if (first) {
            card->setFocus();
        }
    }
    layout->addLayout(cards);
    layout->addStretch(1);

    auto* browse = new QPushButton(tr("Open Another Scenario…"), page);
    connect(browse, &QPushButton::clicked, this, &StartPage::browseRequested);
    auto* row = new QHBoxLayout;
    row->addWidget(new QLabel(tr("Or drop a scenario or recording on the window."), page), 1);
    row->addWidget(browse);
    layout->addLayout(row);
    showRecentFiles();
}

void StartPage::showEvent(QShowEvent* event) {
    QWidget::showEvent(event);
    showRecentFiles();
}

void StartPage::showRecentFiles() {
    delete m_recent->layout();
    for (QWidget* old : m_recent->findChildren<QWidget*>(Qt::FindDirectChildrenOnly)) {
        delete old;
    }
    auto* layout = new QVBoxLayout(m_recent);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(2);
    QStringList recent;
    for (const QString& path : QSettings().value(QStringLiteral("files/recent")).toStringList()) {
        if (QFileInfo::exists(path)) {
            recent << path;
        }
    }
    m_recent->setVisible(!recent.isEmpty());
    if (recent.isEmpty()) {
        return;
    }
    layout->addWidget(sectionTitle(tr("Recent"), m_recent));
    auto* grid = new QGridLayout;
    grid->setSpacing(8);
    for (int i = 0; i < recent.size(); ++i) {
        const QFileInfo file(recent[i]);
        auto* link = new ScenarioCard(file.fileName(), file.absolutePath(), recent[i], m_recent);
        link->setObjectName(QStringLiteral("recentFile"));
        connect(link, &ScenarioCard::clicked, this,
                [this, path = recent[i]] { Q_EMIT openRequested(path); });
        grid->addWidget(link, i / kColumns, i % kColumns);
    }
    layout->addLayout(grid);
}

} // namespace evsim::gui
