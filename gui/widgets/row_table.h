#pragma once

#include <QList>

class QTableView;

namespace evsim::gui {

// The look the app's record tables share: whole rows selected one at a time, alternating
// colours, one line per row at a fixed height (fast with a million rows), no row numbers, the
// last column taking the room that is left. Text too wide for its cell is elided in the middle
// ("billing#0<-bi…orders", so both ends stay readable) and the cell's tooltip gives it whole.
void setUpRowTable(QTableView& table);

// For a small table in a narrow place (the inspector's history): every column as wide as its
// content, except the `shared` ones, which share the room that is left (never narrower than
// `leastCharacters` each, never wider than their content) and elide in the middle. Kept so as
// the table resizes and its rows change.
void shareRoomBetween(QTableView& table, QList<int> shared, int leastCharacters);

} // namespace evsim::gui
