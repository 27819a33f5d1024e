#pragma once

#include <QWidget>

namespace evsim::gui {

// What the app shows before a scenario is open: the files opened lately, then the bundled
// scenarios as cards (the default one first, marked "start here"), each saying what it shows;
// a click or Enter opens one. A button opens any other file.
class StartPage : public QWidget {
    Q_OBJECT
public:
    explicit StartPage(QWidget* parent = nullptr);

    // The file name of the scenario the app opens by default (tools/open-default.sh).
    static constexpr const char* kDefaultScenario = "hello-pubsub.json";

    // Lists the recent files again (they change as files are opened).
    void showRecentFiles();

Q_SIGNALS:
    void openRequested(const QString& path);
    void browseRequested();

protected:
    void showEvent(QShowEvent* event) override;

private:
    QWidget* m_recent = nullptr; // the recent files' section
};

} // namespace evsim::gui
