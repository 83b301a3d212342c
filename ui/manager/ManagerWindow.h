#pragma once

#include "common/Result.h"
#include "manager/ManagerApproval.h"

#include <QDialog>

class QTabWidget;

namespace counterpay::payment {
class Till;
}
namespace counterpay::receipt {
struct Receipt;
}

namespace counterpay::ui {

class OrderHistoryPage;
class ReceiptOutput;
class ReconcilePage;
class DayClosePage;
class ShiftPage;

// The manager's day (F5): the order history with refunds, the shift handover, the day's report and
// close, and the reconciliation with Alipay's bill, a tab each. Looking needs no PIN; whatever moves money or closes
// the books asks a manager on the spot (ManagerApproval).
class ManagerWindow : public QDialog
{
    Q_OBJECT

public:
    ManagerWindow(payment::Till& till, const ManagerApproval& approval, ReceiptOutput* receipts,
                  QWidget* parent = nullptr);

    enum class Tab
    {
        History,
        Shift,
        Day,
        Reconcile,
    };
    void showTab(Tab tab);

    OrderHistoryPage& history() { return *m_history; }
    ReconcilePage& reconcile() { return *m_reconcile; }
    ShiftPage& shift() { return *m_shift; }
    DayClosePage& day() { return *m_day; }

    // What the last print request said, for the manager (and tests).
    const QString& lastPrintMessage() const { return m_printMessage; }

signals:
    // The shift was handed over: the counter waits for the next person's sign-in.
    void handedOver(const QString& person);
    // The counter's settings were saved and the till reloaded: what the app built from the old ones
    // (sounds, receipts) follows.
    void settingsSaved();

private:
    void print(const Result<receipt::Receipt>& receipt);

    payment::Till& m_till;
    ReceiptOutput* m_receipts = nullptr;
    QTabWidget* m_tabs = nullptr;
    OrderHistoryPage* m_history = nullptr;
    ReconcilePage* m_reconcile = nullptr;
    ShiftPage* m_shift = nullptr;
    DayClosePage* m_day = nullptr;
    QString m_printMessage;
};

} // namespace counterpay::ui
