#pragma once

#include "store/Order.h"

#include <QWidget>

class QLabel;
class QPushButton;
class QTreeWidget;

namespace counterpay::payment {
class Till;
}

namespace counterpay::ui {

// The order chosen in the history, whole: its numbers and times, every event of its life, its
// refunds, and what a manager can do with it: ask Alipay again, reprint, refund, or resolve by hand
// an order whose outcome was never confirmed.
class OrderDetailPane : public QWidget
{
    Q_OBJECT

public:
    explicit OrderDetailPane(payment::Till& till, QWidget* parent = nullptr);

    // Shows the order as the book has it now; an empty number clears the pane.
    void showOrder(const QString& outTradeNo);
    const QString& outTradeNo() const { return m_outTradeNo; }
    int eventCount() const;
    int refundCount() const;

signals:
    void queryAgainRequested(const counterpay::store::Order& order);
    void reprintRequested(const counterpay::store::Order& order);
    void refundRequested(const counterpay::store::Order& order);
    void resolveRequested(const counterpay::store::Order& order);

private:
    void clear(const QString& message);

    payment::Till& m_till;
    QString m_outTradeNo;
    store::Order m_order;
    QLabel* m_heading = nullptr;
    QLabel* m_attention = nullptr;
    QLabel* m_facts = nullptr;
    QTreeWidget* m_events = nullptr;
    QTreeWidget* m_refunds = nullptr;
    QPushButton* m_queryAgain = nullptr;
    QPushButton* m_reprint = nullptr;
    QPushButton* m_refund = nullptr;
    QPushButton* m_resolve = nullptr;
};

} // namespace counterpay::ui
