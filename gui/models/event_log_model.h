#pragma once

#include "harness/session/block_vector.h"
#include "simulator/observe/record.h"

#include <QAbstractTableModel>
#include <QString>
#include <vector>

namespace evsim {
class RunData;
}

namespace evsim::gui {

// The run's records as a table, one row per record that passes the filter, built for a
// million rows: rows are indices into RunData, text is made only for rows on screen, and
// records arriving while the run computes are appended without a reset.
//
// Filter: words, all of which must match. `msg:93` (a message), `trace:12` (the trace rooted at
// message 12), `entity:billing` (an entity's name contains it), `kind:dropped` (a record kind),
// anything else is looked for in the row's text.
class EventLogModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column { Time, Kind, Message, Entity, Other, Detail, Attempt, ColumnCount };

    explicit EventLogModel(const RunData& data, QObject* parent = nullptr);

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role) const override;

    void setFilter(const QString& filter);
    // Rows of this message are shown in bold (0: none).
    void setHighlighted(std::uint32_t message);
    QString filter() const { return m_filterText; }
    // Takes in records the data gained since the last call.
    void refresh();
    // Starts over (a new run).
    void reset();

    // The record index behind a row, and the row showing a record (-1 when filtered out).
    std::size_t recordAt(int row) const { return m_rows[static_cast<std::size_t>(row)]; }
    int rowOf(std::size_t record) const;

    // Human text for one record's columns (shared with the inspector's history). Times are
    // seconds with six decimals, one precision for the whole column so that rows line up
    // ("0.680000", "89.945032"); the exact time is the cell's tooltip.
    static QString timeText(SimTime t);
    static QString kindText(const Record& r);
    static QString detailText(const Record& r);

private:
    // One word of the filter, with what it says of every entity, record kind and detail worked
    // out when the filter is set: a record is then matched by a few table lookups, never by
    // building its text, so a keystroke refilters millions of records in milliseconds.
    struct Term {
        enum class Kind { Text, Message, Trace, Entity, RecordKindIs } kind = Kind::Text;
        QString text;
        std::uint32_t number = 0;
        std::vector<bool> entities; // Entity, Text: the entity's name contains the text
        std::vector<bool> kinds;    // RecordKindIs, Text: by raw kind, the kind's name matches
        std::vector<bool> details;  // Text: by kind * 256 + detail, the detail text contains it
        std::string messageText;    // Text: the lowercase text, if "msg-<id>" could contain it
    };
    // Works out the terms' tables for the run's entities (again for each run).
    void compileTerms();
    bool matches(std::size_t record) const;
    // Appends the records not scanned yet that the filter keeps (to a std::vector or a
    // BlockVector).
    template <typename Rows> void scanInto(Rows& rows);
    bool matchesText(const Term& t, const Record& r) const;

    const RunData& m_data;
    // Blocks, not one buffer: a vector of millions of rows copied itself whenever it grew, a
    // pause of 50-100 ms in the window while a long run computed.
    BlockVector<std::size_t> m_rows;
    std::size_t m_scanned = 0;
    QString m_filterText;
    std::uint32_t m_highlighted = 0;
    std::vector<Term> m_terms;
    std::size_t m_compiledFor = 0; // entities the terms' tables cover
};

} // namespace evsim::gui
