#include "views/metrics/metrics_view.h"

#include <QLabel>
#include <QVBoxLayout>

namespace evsim::gui {

MetricsView::MetricsView(SessionController& controller, QWidget* parent) : QWidget(parent) {
    (void)controller;
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(new QLabel(QStringLiteral("MetricsView"), this));
}

} // namespace evsim::gui
