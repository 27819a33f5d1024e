#include "views/sequence/sequence_view.h"

#include <QLabel>
#include <QVBoxLayout>

namespace evsim::gui {

SequenceView::SequenceView(SessionController& controller, QWidget* parent) : QWidget(parent) {
    (void)controller;
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(new QLabel(QStringLiteral("SequenceView"), this));
}

} // namespace evsim::gui
