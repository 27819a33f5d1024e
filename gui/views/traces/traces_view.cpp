#include "views/traces/traces_view.h"

#include <QLabel>
#include <QVBoxLayout>

namespace evsim::gui {

TracesView::TracesView(SessionController& controller, QWidget* parent) : QWidget(parent) {
    (void)controller;
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(new QLabel(QStringLiteral("TracesView"), this));
}

} // namespace evsim::gui
