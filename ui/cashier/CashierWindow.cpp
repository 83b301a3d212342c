#include "cashier/CashierWindow.h"

#include "payment/Till.h"

namespace counterpay::ui {

CashierWindow::CashierWindow(payment::Till& till, QWidget* parent)
    : QMainWindow(parent)
    , m_till(till)
{
    setWindowTitle(tr("CounterPay"));
}

} // namespace counterpay::ui
