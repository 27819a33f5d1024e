#pragma once

#include <QWidget>

namespace evsim::gui {

class SessionController;

// PLACEHOLDER until the real view lands.
class TracesView : public QWidget {
    Q_OBJECT
public:
    explicit TracesView(SessionController& controller, QWidget* parent = nullptr);
};

} // namespace evsim::gui
