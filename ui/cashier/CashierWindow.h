#pragma once

#include "cashier/AmountEntry.h"
#include "cashier/PaymentPage.h"
#include "manager/ManagerApproval.h"
#include "store/Order.h"

#include <QMainWindow>
#include <QPointer>
#include <QTimer>

#include <functional>

class QLabel;
class QStackedWidget;

namespace counterpay::payment {
class Till;
struct RecoveryReport;
} // namespace counterpay::payment

namespace counterpay::ui {

class EntryPage;
class ReceiptOutput;
class Keypad;
class ResultPage;
class ScanDetector;
class StatusStrip;

// The cashier's screen (UI.md): the amount, typed or keyed on the pad; Enter charges (QR, or the
// customer's payment code from the scanner gun); the payment's progress in words; the outcome,
// unmistakable; then a clean amount again. Everything it shows comes from the till; it decides
// nothing about money itself.
class CashierWindow : public QMainWindow
{
    Q_OBJECT

public:
    explicit CashierWindow(payment::Till& till, QWidget* parent = nullptr);
    ~CashierWindow() override;

    // The demo's simulated customer (scan, pay or decline the order shown). Unset outside the demo.
    using DemoCustomer = std::function<void(PaymentPage::DemoAction action, const QString& outTradeNo)>;
    void setDemoCustomer(DemoCustomer customer);
    // In payment-code mode, the demo's customer hands over a test code instead: the window takes it
    // as from the scanner gun. Unset outside the demo.
    using DemoCode = std::function<QString(PaymentPage::DemoAction action)>;
    void setDemoCode(DemoCode code);
    // Where receipts go: printed after each payment when [receipt] auto_print is on, and F3 prints the
    // last paid order's receipt again. A receipt that does not print shows as a notice, F3 one key away.
    void setReceiptOutput(ReceiptOutput* output);
    // The demo's opt-in "a phone on this network plays the customer" (F9): turns it on or off and
    // returns the address phones reach, or why not. `warning` is shown before it is turned on.
    using PhoneMode = std::function<Result<QString>(bool on)>;
    void setPhoneMode(PhoneMode toggle, const QString& warning);

    // How a manager approves refunds and the like in the manager's window (F5).
    void setManagerApproval(ManagerApproval approval);
    // Who is at the counter, shown in the status line.
    void setCashier(const QString& name);
    // The order book's backups, as the core decided (backup::BackupStatus): shown in the status line.
    void setBackupState(bool warn, const QString& text, const QString& detail);
    // Shows F12 (the lock) when the shop has people with PINs.
    void setLockAvailable(bool available);
    // Whether the counter may be locked now: not while money is moving or a result is shown.
    bool canLock() const;
    // A business day before today left without its close shows as a notice (at start).
    void warnOfUnclosedDay();

    enum class Page
    {
        Entry,
        Payment,
        Result,
    };
    Page page() const;
    // A banner across the top for what needs the cashier but must not stop the sale (a receipt that
    // did not print, the demo's gateway gone); it goes after a while or with the next sale.
    void showNotice(const QString& text);
    QString notice() const;
    bool isPaymentCodeMode() const { return m_paymentCodeMode; }
    const AmountEntry& amountEntry() const { return m_entry; }

    // A result goes back to a clean amount after this long without a key.
    static constexpr int kResultHoldMs = 8000;

signals:
    void reprintRequested();
    // F12 at a quiet counter: the app locks the screen (see canLock()).
    void lockRequested();
    // The manager's window handed the shift over: the counter waits for the next sign-in.
    void shiftHandedOver(const QString& person);
    // The manager saved the counter's settings (F5, Settings…); the till has reloaded them.
    void settingsChanged();
    // Paid and in the book: for the receipt, the sound and the voice.
    void paymentPaid(const counterpay::store::Order& order);
    void paymentNotPaid();

protected:
    void keyPressEvent(QKeyEvent* event) override;
    bool eventFilter(QObject* watched, QEvent* event) override;

private:
    void buildLayout();
    void bindTill();
    bool functionKey(int key);
    void showEntry(bool clearAmount);
    void showResult();
    void refreshAmount();
    void typed(QChar c);
    void charge();
    void chargeCode(const QString& code);
    void demoCustomer(PaymentPage::DemoAction action);
    void startPayment(const QString& authCode);
    void escape();
    void stepFromResult(QKeyEvent* event);
    void onRecoveryFinished(const payment::RecoveryReport& report);
    void refreshAttention();
    void showOrders();
    void showManager();
    void reprintLast();
    void togglePhoneMode();

    payment::Till& m_till;
    AmountEntry m_entry;
    bool m_paymentCodeMode = false;
    QString m_liveOrder; // out_trade_no of the payment shown, if any
    Money m_liveAmount;
    DemoCustomer m_demoCustomer;
    DemoCode m_demoCode;
    ReceiptOutput* m_receipts = nullptr;
    PhoneMode m_phoneMode;
    ManagerApproval m_approval;
    QPointer<class ManagerWindow> m_manager;
    QString m_phoneWarning;
    bool m_phoneOn = false;

    QStackedWidget* m_pages = nullptr;
    QLabel* m_notice = nullptr;
    QTimer m_noticeHold;
    QWidget* m_entryArea = nullptr;
    EntryPage* m_entryPage = nullptr;
    Keypad* m_keypad = nullptr;
    PaymentPage* m_paymentPage = nullptr;
    ResultPage* m_resultPage = nullptr;
    StatusStrip* m_status = nullptr;
    ScanDetector* m_scanner = nullptr;
    QTimer m_resultHold;
    QTimer m_gatewayCheck;
};

} // namespace counterpay::ui
