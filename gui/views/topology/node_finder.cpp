#include "gui/views/topology/node_finder.h"

#include "gui/theme/theme.h"

#include <QCompleter>
#include <QStringListModel>

namespace evsim::gui {

NodeFinder::NodeFinder(QWidget* parent) : QLineEdit(parent), m_names(new QStringListModel(this)) {
    setObjectName(QStringLiteral("nodeFinder"));
    setPlaceholderText(tr("Find a node…"));
    setClearButtonEnabled(true);
    setToolTip(tr("Type part of a service, exchange or queue name and press Enter: the canvas "
                  "goes to it and selects it (Ctrl+Shift+F)"));
    auto* completer = new QCompleter(m_names, this);
    completer->setCaseSensitivity(Qt::CaseInsensitive);
    completer->setFilterMode(Qt::MatchContains);
    completer->setMaxVisibleItems(12);
    setCompleter(completer);
    connect(completer, qOverload<const QString&>(&QCompleter::activated), this,
            &NodeFinder::findRequested);
    connect(this, &QLineEdit::returnPressed, this, [this] { Q_EMIT findRequested(text()); });
    connect(this, &QLineEdit::textEdited, this, [this] { setNotFound(false); });
}

void NodeFinder::setNames(const QStringList& names) {
    m_names->setStringList(names);
}

void NodeFinder::setNotFound(bool notFound) {
    QPalette p = palette();
    p.setColor(QPalette::Text,
               notFound ? Theme::readable(Theme::error()) : QPalette().color(QPalette::Text));
    setPalette(p);
}

} // namespace evsim::gui
