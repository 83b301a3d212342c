#pragma once

#include <QMainWindow>

namespace counterpay::payment {
class Till;
}

namespace counterpay::ui {

// The cashier's screen: the amount, the payment under way and its outcome, the counter's status.
class CashierWindow : public QMainWindow
{
    Q_OBJECT

public:
    explicit CashierWindow(payment::Till& till, QWidget* parent = nullptr);

private:
    payment::Till& m_till;
};

} // namespace counterpay::ui
