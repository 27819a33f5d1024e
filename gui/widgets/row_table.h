#pragma once

class QTableView;

namespace evsim::gui {

// The look the app's record tables share: whole rows selected one at a time, alternating
// colours, one line per row at a fixed height (fast with a million rows), no row numbers, the
// last column taking the room that is left.
void setUpRowTable(QTableView& table);

} // namespace evsim::gui
