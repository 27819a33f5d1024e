#pragma once

#include <QAbstractButton>

namespace evsim::gui {

// One file on the start page, as a card: its name in bold, what it shows in a few wrapped
// lines, a border that lights up under the pointer and with the keyboard focus. A click,
// Space or Enter presses it.
class ScenarioCard : public QAbstractButton {
    Q_OBJECT
public:
    ScenarioCard(const QString& title, const QString& description, const QString& path,
                 QWidget* parent = nullptr);

    QString title() const { return text(); }
    const QString& description() const { return m_description; }
    const QString& path() const { return m_path; }

    bool hasHeightForWidth() const override { return true; }
    int heightForWidth(int width) const override;
    QSize sizeHint() const override;

protected:
    void paintEvent(QPaintEvent* event) override;
    void keyPressEvent(QKeyEvent* event) override;
    void enterEvent(QEnterEvent* event) override;
    void leaveEvent(QEvent* event) override;

private:
    QRect textRect(int width) const;

    QString m_description;
    QString m_path;
    bool m_hovered = false;
};

} // namespace evsim::gui
