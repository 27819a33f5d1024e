#pragma once

#include <QWidget>

namespace evsim::gui {

class SessionController;

// PLACEHOLDER until the real view lands.
class MetricsView : public QWidget {
    Q_OBJECT
public:
    explicit MetricsView(SessionController& controller, QWidget* parent = nullptr);
};

} // namespace evsim::gui
