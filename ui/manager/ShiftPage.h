#pragma once

#include "common/Result.h"

#include <QWidget>

class QLabel;
class QPushButton;
class QPlainTextEdit;

namespace counterpay::payment {
class Till;
}

namespace counterpay::ui {

// 交班: the signed-in cashier's shift so far (sign-in time, first and last order, paid, refunded, not
// paid, net) and the handover, which ends the shift, prints its slip and leaves the counter to the
// next person's sign-in. Refused while a payment is live.
class ShiftPage : public QWidget
{
    Q_OBJECT

public:
    explicit ShiftPage(payment::Till& till, QWidget* parent = nullptr);

    void refresh();
    QString slipText() const;
    // Ends the shift and prints its slip (a PDF in the receipts' folder); the slip's path.
    Result<QString> handOver();

signals:
    void handedOver(const QString& person);

private:
    payment::Till& m_till;
    QLabel* m_status = nullptr;
    QPlainTextEdit* m_slip = nullptr;
    QPushButton* m_handOver = nullptr;
};

} // namespace counterpay::ui
