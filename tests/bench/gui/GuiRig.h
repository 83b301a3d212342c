#pragma once

#include "../payment/Samples.h"

#include "SandboxHarness.h"
#include "common/Result.h"
#include "notify/NotifyServer.h"

#include <QNetworkAccessManager>
#include <QTemporaryDir>

#include <memory>

namespace counterpay::payment {
class Till;
}

namespace counterpay::ui {
class CashierWindow;
class CustomerDisplay;
class CustomerScreenPlacer;
class ReceiptOutput;
namespace feedback {
class Feedback;
}
} // namespace counterpay::ui

namespace counterpay::bench {

// What bench_gui measures with: counterpay-sandbox as a real process on loopback, and two tills in
// this process on their own order books, both configured with the sandbox's notifications and a poll
// schedule too slow to matter ([payment] poll=first=60000,final=60000), so a payment is seen by its
// notification:
// - the cashier's: wired as app/gui/main.cpp wires it (CashierWindow; the receipts, as the demo does:
//   a PDF after each payment; the sounds and the voice, silent where the machine has no audio output
//   or voice; the customer display, which stays hidden with one screen), shown offscreen at 1024x768;
// - the engine's: a Till and nothing else, the baseline.
// One NotifyServer receives for both and hands each notification to the till whose order it is, as
// Till::listenForNotifications() does (NotifyServer -> Till::acceptNotification), noting when the
// verified notification reached the handler.
class GuiRig
{
public:
    struct Options
    {
        bool receipts = true; // PDF receipts printed after each payment, as the demo does
    };

    static Result<std::unique_ptr<GuiRig>> start(const Options& options);
    ~GuiRig();

    payment::Till& cashierTill() { return *m_cashierTill; }
    payment::Till& engineTill() { return *m_engineTill; }
    ui::CashierWindow& window() { return *m_window; }
    ui::ReceiptOutput* receipts() { return m_receipts.get(); }
    const test::SandboxProcess& sandbox() const { return m_sandbox; }
    QString notifyUrl() const { return m_notifyUrl; }

    // The customer's phone: POST /sandbox/<action> for the order; `done` gets the HTTP status.
    void customer(const QString& action, const QString& outTradeNo, std::function<void(int status)> done);

    // The last verified notification that meant paid: its order and when it reached the handler.
    const QString& notifiedOrder() const { return m_notifiedOrder; }
    SteadyClock::time_point notifiedAt() const { return m_notifiedAt; }
    void forgetNotification();
    int rejectedNotifications() const { return m_rejected; }

private:
    GuiRig() = default;
    Result<void> setUp(const Options& options);
    QString writeConfig(const QString& name, const QByteArray& terminal, const QByteArray& database,
                        const QByteArray& extra);

    QTemporaryDir m_dir;
    test::SandboxProcess m_sandbox;
    QString m_notifyUrl;
    std::unique_ptr<payment::Till> m_cashierTill;
    std::unique_ptr<payment::Till> m_engineTill;
    std::unique_ptr<ui::ReceiptOutput> m_receipts;
    std::unique_ptr<ui::feedback::Feedback> m_feedback;
    std::unique_ptr<ui::CashierWindow> m_window;
    std::unique_ptr<ui::CustomerDisplay> m_customerDisplay;
    std::unique_ptr<ui::CustomerScreenPlacer> m_placer;
    std::unique_ptr<notify::NotifyServer> m_notifyServer;
    QNetworkAccessManager m_phone;
    QString m_notifiedOrder;
    SteadyClock::time_point m_notifiedAt{};
    int m_rejected = 0;
};

} // namespace counterpay::bench
