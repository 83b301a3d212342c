#pragma once

#include "money/Money.h"

#include <QColor>
#include <QWidget>

class QLabel;
class QPushButton;
class QStackedWidget;

namespace counterpay::ui {

class QrView;

// The payment under way: the QR code (or the prompt to scan the customer's code), the amount, the
// state in words, the time left, connection trouble as a banner, and Esc to stop. In the demo, the
// "customer" can be simulated from here.
class PaymentPage : public QWidget
{
    Q_OBJECT

public:
    enum class DemoAction
    {
        Scan,
        Pay,
        Decline,
    };

    explicit PaymentPage(QWidget* parent = nullptr);

    // Waiting for the scanner gun: nothing is recorded or sent yet.
    void promptForCode(Money amount);
    // A payment has started: the QR is on its way, or the code is being charged.
    void begin(Money amount, bool qr);
    void showQr(const QString& qrCode);
    void setAmount(Money amount);
    void setState(const QString& words, const QColor& colour);
    void setTimeLeft(int seconds);
    void setTrouble(const QString& message); // empty: no trouble
    void setStopping();
    void setDemo(bool demo);

    QrView* qrView() const { return m_qr; }
    bool isPromptingForCode() const { return m_prompting; }

signals:
    void stopRequested();
    void demoCustomer(counterpay::ui::PaymentPage::DemoAction action);

protected:
    void resizeEvent(QResizeEvent* event) override;

private:
    void labelDemo(bool liveOrder);
    void fitDemoButtons();

    QStackedWidget* m_left = nullptr;
    QrView* m_qr = nullptr;
    QLabel* m_scanPrompt = nullptr;
    QLabel* m_amount = nullptr;
    QLabel* m_state = nullptr;
    QLabel* m_timeLeft = nullptr;
    QLabel* m_trouble = nullptr;
    QPushButton* m_stop = nullptr;
    QWidget* m_demo = nullptr;
    QLabel* m_demoTitle = nullptr;
    QList<QPushButton*> m_demoButtons;
    bool m_prompting = false;
};

} // namespace counterpay::ui
