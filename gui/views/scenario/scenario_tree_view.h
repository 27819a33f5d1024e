#pragma once

#include <QWidget>

class QTreeWidget;
class QTreeWidgetItem;

namespace evsim::gui {

class SessionController;

// The scenario as written: its services with their instances, what they produce and consume,
// the broker's exchanges and queues (with their arguments), alerts and expectations. Clicking
// an entity selects it everywhere (the inspector shows its state at the cursor).
class ScenarioTreeView : public QWidget {
    Q_OBJECT
public:
    explicit ScenarioTreeView(SessionController& controller, QWidget* parent = nullptr);
    QTreeWidget& tree() { return *m_tree; }

private:
    void rebuild();
    void selectFromTree(QTreeWidgetItem* item);

    SessionController& m_controller;
    QTreeWidget* m_tree = nullptr;
};

} // namespace evsim::gui
