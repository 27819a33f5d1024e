#pragma once

#include "simulator/kernel/sim_time.h"
#include "simulator/observe/record.h"

#include <QObject>
#include <QString>
#include <QStringList>
#include <cstddef>
#include <cstdint>

class QAbstractScrollArea;
class QPoint;

namespace evsim {
class RunData;
}

namespace evsim::gui {
class SessionController;
}

namespace evsim::gui::test {

// The app's QtTest classes are built into one executable, gui_tests, each registered under a
// name by EVSIM_GUI_TEST; `gui_tests NAME [QtTest options]` runs one, so that each still runs
// in a process of its own (CTest's "gui.NAME"). One executable links and runs moc once instead
// of once per view.
using TestMaker = QObject* (*)();
bool registerTest(const char* name, TestMaker make);
// The test registered under `name`, or nullptr; names() lists them all.
TestMaker findTest(const QString& name);
QStringList testNames();

// A file of the source tree: scenarios/…, fixtures/….
QString sourcePath(const QString& relative);

// The smallest bundled scenario, relative to the source tree: what most view tests open.
inline const QString kHelloPubsub = QStringLiteral("scenarios/hello-pubsub.json");

// The time of message `message`'s `nth` record of `kind` (from 0); SimTime::max() when it has
// none.
SimTime timeOf(const RunData& data, std::uint32_t message, RecordKind kind, std::size_t nth = 0);

// Opens a scenario in `controller` and runs it to its end; fails the test when it cannot.
bool openAndFinish(SessionController& controller, const QString& relative);

// Writes, in `dir`, a system of `queues` queues behind one direct exchange, each with a
// producer service "pNNN" and a consumer service "cNNN" of its own (queue "qNNN"), running
// for one second; returns its path.
QString writeWideScenario(const QString& dir, int queues);

// Writes, in `dir`, a system named as real ones are: ten domains ("orders", "billing", …), each
// with an exchange "<domain>.events", 20 queues "<domain>.<event>", a producer "<domain>-api"
// publishing 20 event types, and ten consumer services "<domain>-worker-N" of 5 instances
// reading two queues each: 200 queues, 200 event types, 500 consuming instances. Returns its
// path.
QString writeDomainsScenario(const QString& dir);

// Right-clicks `at` (in the viewport) of `area` - a canvas, a table - and returns the entries
// of the menu that opens (then closed).
QStringList contextMenuAt(QAbstractScrollArea& area, QPoint at);
// The same, choosing the entry `entry`; false when the menu has no such entry.
bool chooseFromContextMenu(QAbstractScrollArea& area, QPoint at, const QString& entry);

// Cancels every modal dialog that opens (within the event loop) and records its text: a
// message box's texts, or an input dialog's title and question. Tests of code that shows a
// dialog use it to see the dialog and go on. With an `answer`, input dialogs are answered with
// it instead of cancelled. With a list of `answers`, each dialog takes the next one: an input
// dialog its text, a message box "Yes" (pressed) or anything else (cancelled).
class DialogCatcher {
public:
    explicit DialogCatcher(const QString& answer = {});
    explicit DialogCatcher(const QStringList& answers);
    ~DialogCatcher();
    int seen() const;
    QString lastText() const;
    QStringList texts() const; // of every dialog seen, in order

private:
    struct State;
    State* m_state;
};

} // namespace evsim::gui::test

// In place of QTEST_MAIN(Class): registers Class under `name` (see registerTest).
#define EVSIM_GUI_TEST(Class, name)                                                                \
    namespace {                                                                                    \
    const bool registered##Class =                                                                 \
        ::evsim::gui::test::registerTest(name, []() -> QObject* { return new Class; });            \
    }
