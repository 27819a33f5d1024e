#pragma once

#include <QLineEdit>

class QStringListModel;

namespace evsim::gui {

// The field that finds a node on the canvas by name, completing from the names it is given.
// Enter (or picking a completion) asks for the node; a name that matches nothing turns the
// field's text red until it changes.
class NodeFinder : public QLineEdit {
    Q_OBJECT
public:
    explicit NodeFinder(QWidget* parent = nullptr);

    void setNames(const QStringList& names);
    // Marks the text as matching nothing (or clears the mark).
    void setNotFound(bool notFound);

Q_SIGNALS:
    void findRequested(const QString& text);

private:
    QStringListModel* m_names;
};

} // namespace evsim::gui
