#pragma once

#include <QString>

namespace evsim::gui {
class SessionController;
}

namespace evsim::gui::test {

// A file of the source tree: scenarios/…, fixtures/….
QString sourcePath(const QString& relative);

// Opens a scenario in `controller` and runs it to its end; fails the test when it cannot.
bool openAndFinish(SessionController& controller, const QString& relative);

// Presses the default button of the next modal dialog that opens (within the event loop) and
// records its text; tests of code that shows a QMessageBox use it to see the box and go on.
class DialogCatcher {
public:
    DialogCatcher();
    ~DialogCatcher();
    int seen() const;
    QString lastText() const;

private:
    struct State;
    State* m_state;
};

} // namespace evsim::gui::test
