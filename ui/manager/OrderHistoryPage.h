#pragma once

#include "manager/ManagerApproval.h"
#include "store/Order.h"

#include <QWidget>

class QComboBox;
class QDateEdit;
class QLabel;
class QLineEdit;
class QPushButton;
class QTableView;

namespace counterpay::payment {
class Till;
}
namespace counterpay::store {
struct Refund;
}

namespace counterpay::ui {

class OrderDetailPane;
class OrderHistoryModel;

// The order history: filters (days, state, how paid, cashier, amounts), a search by either order
// number (typed, or a receipt's QR code read by the scanner gun), the book's orders a page at a time,
// and the chosen order in full beside them with what a manager can do about it.
class OrderHistoryPage : public QWidget
{
    Q_OBJECT

public:
    OrderHistoryPage(payment::Till& till, ManagerApproval approval, QWidget* parent = nullptr);

    OrderHistoryModel& model() { return *m_model; }
    OrderDetailPane& detail() { return *m_detail; }
    // Looks up one order by its number (ours or Alipay's) and shows it.
    void search(const QString& number);
    void selectRow(int row);
    // The refund dialog of the order shown, opened and returned (tests drive it); null when the
    // order cannot be refunded.
    class RefundDialog* openRefund();

signals:
    void reprintRequested(const counterpay::store::Order& order);
    void refundReceiptRequested(const counterpay::store::Refund& refund, const counterpay::store::Order& order);

private:
    void applyFilters();
    void showPager();
    void resolve(const store::Order& order);

    payment::Till& m_till;
    ManagerApproval m_approval;
    OrderHistoryModel* m_model = nullptr;
    OrderDetailPane* m_detail = nullptr;
    QTableView* m_table = nullptr;
    QDateEdit* m_from = nullptr;
    QDateEdit* m_until = nullptr;
    QComboBox* m_state = nullptr;
    QComboBox* m_mode = nullptr;
    QLineEdit* m_cashier = nullptr;
    QLineEdit* m_minAmount = nullptr;
    QLineEdit* m_maxAmount = nullptr;
    QLineEdit* m_number = nullptr;
    QLabel* m_pager = nullptr;
    QLabel* m_problem = nullptr;
    QPushButton* m_previous = nullptr;
    QPushButton* m_next = nullptr;
};

} // namespace counterpay::ui
