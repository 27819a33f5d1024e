#pragma once

#include <QGraphicsItem>
#include <QString>

namespace evsim::gui {

// The frame around the broker's exchanges and queues, titled "broker"; red while the broker is
// down. It follows the nodes inside it (setFrame after they move).
class BrokerFrame : public QGraphicsItem {
public:
    BrokerFrame();
    void setFrame(const QRectF& rect);
    void setDown(bool down);
    bool down() const { return m_down; }
    // After the title: a cluster's state ("3 brokers · broker-1 stopped"), in the warning
    // colour when `trouble` (KAFKA12). Empty for a single broker.
    void setNote(const QString& note, bool trouble);
    // Room the title takes above the nodes.
    static double titleHeight();

    QRectF boundingRect() const override { return m_rect.adjusted(-2, -2, 2, 2); }
    void paint(QPainter* painter, const QStyleOptionGraphicsItem* option, QWidget* widget) override;

private:
    QRectF m_rect;
    QString m_note;
    bool m_down = false;
    bool m_trouble = false;
};

} // namespace evsim::gui
