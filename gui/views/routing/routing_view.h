#pragma once

#include <QWidget>
#include <memory>

class QComboBox;
class QLabel;
class QLineEdit;
class QListWidget;

namespace evsim {
class TopologyRoutes;
}

namespace evsim::gui {

class SessionController;

// Type a routing key (or, for a headers exchange, a message's headers as JSON) and see which
// queues it reaches through an exchange of the scenario as it is now, edits included: the
// broker's own router, asked without running anything (the app's `evsim route`).
class RoutingView : public QWidget {
    Q_OBJECT
public:
    explicit RoutingView(SessionController& controller, QWidget* parent = nullptr);
    ~RoutingView() override;
    // For tests and scripts: choose an exchange ("" is the default one) and a key.
    void ask(const QString& exchange, const QString& key);
    QString answer() const;

private:
    void refreshExchanges();
    void showBindings();
    void route();
    // Says whether the chosen exchange is deleted at the cursor (AMQP20).
    void showDeletion();

    SessionController& m_controller;
    // The router over the topology as it is, built once per scenario or edit, not per key.
    std::unique_ptr<TopologyRoutes> m_routes;
    QComboBox* m_exchange = nullptr;
    QLineEdit* m_key = nullptr;
    QLabel* m_answer = nullptr;
    QLabel* m_deleted = nullptr;
    QListWidget* m_bindings = nullptr;
};

} // namespace evsim::gui
