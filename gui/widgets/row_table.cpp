#include "gui/widgets/row_table.h"

#include <QAbstractItemView>
#include <QEvent>
#include <QHeaderView>
#include <QHelpEvent>
#include <QStyledItemDelegate>
#include <QTableView>
#include <QToolTip>
#include <algorithm>
#include <utility>

namespace evsim::gui {
namespace {

// An elided cell's tooltip is its whole text, unless the model gives a tooltip of its own.
class WholeTextTooltips : public QStyledItemDelegate {
public:
    using QStyledItemDelegate::QStyledItemDelegate;

    bool helpEvent(QHelpEvent* event, QAbstractItemView* view, const QStyleOptionViewItem& option,
                   const QModelIndex& index) override {
        if (event->type() == QEvent::ToolTip && index.isValid() &&
            !index.data(Qt::ToolTipRole).isValid()) {
            QStyleOptionViewItem cell = option;
            initStyleOption(&cell, index);
            const QString text = index.data(Qt::DisplayRole).toString();
            const QRect room =
                view->style()->subElementRect(QStyle::SE_ItemViewItemText, &cell, view);
            // The style keeps a margin inside the text rectangle as it elides.
            const int margin = view->style()->pixelMetric(QStyle::PM_FocusFrameHMargin) + 1;
            if (cell.fontMetrics.horizontalAdvance(text) > room.width() - 2 * margin) {
                QToolTip::showText(event->globalPos(), text, view);
                return true;
            }
        }
        return QStyledItemDelegate::helpEvent(event, view, option, index);
    }
};

// Keeps a table's columns as shareRoomBetween() says.
class RoomSharer : public QObject {
public:
    RoomSharer(QTableView& table, QList<int> shared, int leastCharacters)
        : QObject(&table), m_table(table), m_shared(std::move(shared)), m_least(leastCharacters) {
        table.horizontalHeader()->setStretchLastSection(false);
        table.horizontalHeader()->setSectionResizeMode(QHeaderView::Interactive);
        table.viewport()->installEventFilter(this);
        QAbstractItemModel* model = table.model();
        connect(model, &QAbstractItemModel::modelReset, this, &RoomSharer::fit);
        connect(model, &QAbstractItemModel::layoutChanged, this, &RoomSharer::fit);
        connect(model, &QAbstractItemModel::rowsInserted, this, &RoomSharer::fit);
        connect(model, &QAbstractItemModel::dataChanged, this, &RoomSharer::fit);
    }

    bool eventFilter(QObject* watched, QEvent* event) override {
        if (event->type() == QEvent::Resize) {
            fit();
        }
        return QObject::eventFilter(watched, event);
    }

    void fit() {
        const int columns = m_table.model()->columnCount();
        int room = m_table.viewport()->width();
        for (int c = 0; c < columns; ++c) {
            if (!m_shared.contains(c)) {
                m_table.resizeColumnToContents(c);
                room -= m_table.columnWidth(c);
            }
        }
        const int least = m_table.fontMetrics().horizontalAdvance(QLatin1Char('x')) * m_least;
        const int each =
            std::max(least, room / static_cast<int>(std::max<qsizetype>(1, m_shared.size())));
        for (const int c : m_shared) {
            const int content =
                std::max(static_cast<QAbstractItemView&>(m_table).sizeHintForColumn(c),
                         m_table.horizontalHeader()->sectionSizeHint(c));
            m_table.setColumnWidth(c, std::min(content, each));
        }
    }

private:
    QTableView& m_table;
    QList<int> m_shared;
    int m_least;
};

} // namespace

void shareRoomBetween(QTableView& table, QList<int> shared, int leastCharacters) {
    (new RoomSharer(table, std::move(shared), leastCharacters))->fit();
}

void setUpRowTable(QTableView& table) {
    table.setSelectionBehavior(QAbstractItemView::SelectRows);
    table.setSelectionMode(QAbstractItemView::SingleSelection);
    table.setAlternatingRowColors(true);
    table.setWordWrap(false);
    table.setTextElideMode(Qt::ElideMiddle);
    table.setItemDelegate(new WholeTextTooltips(&table));
    table.verticalHeader()->hide();
    table.verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    table.verticalHeader()->setDefaultSectionSize(table.fontMetrics().height() + 6);
    table.horizontalHeader()->setStretchLastSection(true);
}

} // namespace evsim::gui
