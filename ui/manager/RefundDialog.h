#pragma once

#include "manager/ManagerApproval.h"
#include "store/Order.h"
#include "store/Refund.h"

#include <QDialog>

class QDialogButtonBox;
class QLabel;
class QLineEdit;
class QPushButton;

namespace counterpay::payment {
class Till;
}

namespace counterpay::ui {

// Gives back part or all of a paid order, as the till's refund workflow does it: the amount is
// checked against what is left before anything is asked, a manager approves on the spot, the refund
// is recorded with its own number before Alipay hears of it, and the dialog stays until Alipay's
// answer (or its absence) is known. A refund that is done can be printed as a refund receipt.
class RefundDialog : public QDialog
{
    Q_OBJECT

public:
    RefundDialog(payment::Till& till, const store::Order& order, ManagerApproval approval, QWidget* parent = nullptr);

    // What the amount field holds now, for tests and the keyboard.
    void setAmountText(const QString& text);
    void setReason(const QString& text);
    QString message() const;
    // The refund once Alipay's answer came (done, refused or not confirmed).
    const std::optional<store::Refund>& refund() const { return m_refund; }

    // Checks the amount, asks for approval and starts the refund; false (with the reason shown) when
    // nothing was started.
    bool submit();

signals:
    void printRequested(const counterpay::store::Refund& refund, const counterpay::store::Order& order);

private:
    void finished(const store::Refund& refund, const store::Order& order, const QString& why);
    Money left() const;
    void showFacts();

    payment::Till& m_till;
    store::Order m_order;
    ManagerApproval m_approval;
    QString m_outRequestNo;
    std::optional<store::Refund> m_refund;
    QLabel* m_facts = nullptr;
    QLineEdit* m_amount = nullptr;
    QLineEdit* m_reason = nullptr;
    QLabel* m_message = nullptr;
    QPushButton* m_go = nullptr;
    QPushButton* m_print = nullptr;
    QDialogButtonBox* m_buttons = nullptr;
};

} // namespace counterpay::ui
