#pragma once

#include <QStringList>
#include <QWidget>
#include <functional>
#include <vector>

namespace evsim::gui {

// The canvas's key, in a strip under it (never over the nodes): the run's event types with
// their token colours (as many as there are colours, then how many more), what marks on a token
// mean, the instance dots' states and the queue bar. Entries flow onto more lines when the strip
// is narrow.
class LegendBar : public QWidget {
    Q_OBJECT
public:
    explicit LegendBar(QWidget* parent = nullptr);

    void setEventTypes(const QStringList& types); // in the run's order (type index 1, 2, …)
    const QStringList& eventTypes() const { return m_types; }
    // Whether the run deletes an exchange: only then does the key explain how one looks.
    void setShowsDeletedExchanges(bool shows);
    // Whether the run rolls a service out to another schema version: only then does the key
    // explain the ring round a moved instance's dot.
    void setShowsRollingDeploys(bool shows);

    // The height the key takes at `width`. The bar takes that height as its width changes
    // rather than telling layouts its height for every width: a layout asks for the height at
    // the narrowest width, where every entry is a line of its own, and would make that the
    // window's least height.
    int heightForWidth(int width) const override;
    QSize sizeHint() const override;

protected:
    void paintEvent(QPaintEvent* event) override;
    void resizeEvent(QResizeEvent* event) override;

private:
    struct Entry {
        QString text;
        std::function<void(QPainter&, QRectF)> icon;
        bool groupStart = false; // a wider gap before it
    };
    std::vector<Entry> entries() const;
    // Lays the entries out for `width`; returns the height used.
    int arrange(int width, std::vector<QRectF>* places) const;

    QStringList m_types;
    bool m_deletedExchanges = false;
    bool m_rollingDeploys = false;
};

} // namespace evsim::gui
