#include "gui/widgets/plain_message.h"

#include <QMessageBox>

namespace evsim::gui {

void showPlainWarning(QWidget* parent, const QString& title, const QString& text) {
    QMessageBox box(QMessageBox::Warning, title, text, QMessageBox::Ok, parent);
    box.setTextFormat(Qt::PlainText);
    box.exec();
}

} // namespace evsim::gui
