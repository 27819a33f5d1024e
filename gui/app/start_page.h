#pragma once

#include <QWidget>

class QListWidget;

namespace evsim::gui {

// What the app shows before a scenario is open: the bundled scenarios with what each shows,
// to open with a double-click or Enter, and a button for any other file.
class StartPage : public QWidget {
    Q_OBJECT
public:
    explicit StartPage(QWidget* parent = nullptr);

Q_SIGNALS:
    void openRequested(const QString& path);
    void browseRequested();

private:
    QListWidget* m_list = nullptr;
};

} // namespace evsim::gui
