#pragma once

#include <QWidget>

namespace evsim::gui {

class SessionController;

// PLACEHOLDER until the real view lands.
class SequenceView : public QWidget {
    Q_OBJECT
public:
    explicit SequenceView(SessionController& controller, QWidget* parent = nullptr);
};

} // namespace evsim::gui
