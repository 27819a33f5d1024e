#include "views/topology/topology_view.h"

#include <QLabel>
#include <QVBoxLayout>

namespace evsim::gui {

TopologyView::TopologyView(SessionController& controller, QWidget* parent) : QWidget(parent) {
    (void)controller;
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(new QLabel(QStringLiteral("TopologyView"), this));
}

void TopologyView::fit() {}
void TopologyView::zoomIn() {}
void TopologyView::zoomOut() {}

} // namespace evsim::gui
