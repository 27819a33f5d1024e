#pragma once

#include <QWidget>

namespace evsim::gui {

class SessionController;

// PLACEHOLDER until the real view lands.
class TopologyView : public QWidget {
    Q_OBJECT
public:
    explicit TopologyView(SessionController& controller, QWidget* parent = nullptr);

    void fit();
    void zoomIn();
    void zoomOut();
};

} // namespace evsim::gui
