#pragma once

#include "alipay/GatewayProbe.h"
#include "common/Clock.h"
#include "common/Scheduler.h"
#include "money/Money.h"
#include "notify/NotifyServer.h"
#include "payment/PaymentContext.h"
#include "payment/PaymentSession.h"
#include "payment/Recovery.h"
#include "payment/RefundSession.h"
#include "payment/TillParts.h"
#include "reconcile/ReconcileReport.h"
#include "report/DayCloses.h"
#include "report/DayReport.h"
#include "report/ShiftReport.h"
#include "store/Order.h"
#include "store/OrderEvent.h"
#include "store/OrderStore.h"

#include <QObject>
#include <QPointer>

#include <functional>
#include <memory>
#include <optional>

namespace counterpay::payment {

// What the cashier asks for: an amount, a title, and for a barcode payment the customer's code.
struct PaymentRequest
{
    Money amount;
    QString subject;                  // empty: the counter's default title ([counter] subject)
    QString authCode;                 // empty: a QR payment; else the scanned payment code (never stored)
    std::optional<qint64> lifetimeMs; // instead of the configured QR lifetime / barcode wait
};

// One counter (DESIGN.md §1, §5): its config, order book and gateway, the payment under way, the
// recovery of what an earlier run left unresolved, the notifications Alipay sends, and views of the
// book. The CLI and the desktop app are both front ends of a Till; neither talks to the engine's
// parts directly.
//
// Every order this till drives carries its lease, renewed by a heartbeat while the till lives, so no
// other till (in this process or another, on this machine or another sharing the book) settles it
// meanwhile; only orders of the till's own app id are ever touched.
class Till : public QObject
{
    Q_OBJECT

public:
    static constexpr qint64 kHeartbeatMs = 10'000;

    explicit Till(QObject* parent = nullptr); // the system clock, Qt's event loop
    Till(const Clock& clock, Scheduler& scheduler, QObject* parent = nullptr);
    ~Till() override;

    // Loads the counter `configPath` describes. Refused while a payment or a recovery runs; a
    // failed load leaves the till as it was. `prompt` asks for the passphrase of an encrypted app private key.
    Result<void> load(const QString& configPath, TillParts::Use use = TillParts::Use::Payments,
                      const QString& fallbackDatabase = {}, const vault::PassphrasePrompt& prompt = {});
    // The same with the gateway (its keys open) given: what saving settings that leave [gateway] alone, or that
    // were checked with the gateway already, reloads.
    Result<void> loadWithGateway(const QString& configPath, config::GatewayConfig gateway,
                                 TillParts::Use use = TillParts::Use::Payments);
    // The same with parts put together elsewhere (tests, with a scripted gateway).
    Result<void> install(TillParts parts);
    bool isLoaded() const { return m_parts.store != nullptr; }

    const config::GatewayConfig& gatewayConfig() const { return m_parts.gateway; }
    const config::CounterSettings& settings() const { return m_parts.settings; }
    const QString& databasePath() const { return m_parts.databasePath; }
    const store::LeaseOwner& owner() const { return m_owner; }
    // The people of this till's book and their shifts; only while a counter is loaded.
    people::PeopleStore& people() { return *m_parts.people; }
    people::ShiftLog& shifts() { return *m_parts.shifts; }
    // Who works the till now: new orders record them as their cashier (and Alipay's operator_id),
    // instead of the config's [counter] cashier_id. Empty: the config's.
    void setCashier(const QString& name) { m_cashier = name; }
    const QString& cashier() const { return m_cashier; }
    // A person signs in at this terminal: their PIN is checked (wrong PINs counted, see PeopleStore),
    // their shift starts (ending one never handed over) and they become the till's cashier.
    Result<people::Shift> signIn(const QString& name, QStringView pin);
    // The signed-in person's shift ends (交班): refused while a payment is live, so no order is left
    // between two shifts. The cashier is cleared; the ended shift is returned for its slip.
    Result<people::Shift> handOver();
    // The shift this till signed in, while it is open.
    const std::optional<people::Shift>& shift() const { return m_shift; }
    // A gateway that moves no real money (Alipay's sandbox, or one on this machine).
    bool isSandbox() const { return m_parts.gateway.isSandbox(); }

    // Starts a payment: the amount, the subject and the payment code are checked first, only one
    // payment runs at a time, and the order is in the book before anything is sent. Returns the order
    // as recorded; the payment's progress comes as the signals below, until paymentFinished().
    Result<store::Order> startPayment(const PaymentRequest& request);
    // The cashier gives up waiting: one last query, then the cancel.
    void stopPayment();
    bool isPaymentLive() const { return m_payment != nullptr; }
    // The live payment's session, for a front end that wants it whole; null when none runs.
    PaymentSession* livePayment() const { return m_payment; }

    // Refunds `amount` of a paid order of this app (DESIGN.md §4): recorded with its own
    // out_request_no before anything is sent, never above what is left to refund (refused here, with
    // nothing sent), resent unchanged when an answer is lost, confirmed by a refund query. Returns the
    // refund as recorded; refundFinished() follows. `authorisedBy` names who approved it.
    Result<store::Refund> startRefund(const QString& outTradeNo, Money amount, const QString& authorisedBy,
                                      const QString& reason = {});

    // Settles what an earlier run left unresolved, under the ownership rules (see Recovery). False
    // when a recovery is already running; recoveryFinished() follows otherwise.
    bool recover();
    bool isRecovering() const { return m_recovery != nullptr; }
    // What the last recovery found, once recoveryFinished() was emitted.
    const RecoveryReport& recoveryReport() const { return m_recoveryReport; }

    // Receives Alipay's notifications when the config enables them ([notify] enabled=true);
    // returns the port, or 0 when they are off.
    Result<quint16> listenForNotifications();
    // What the receiver does with a verified notification: checks that it is about an order of
    // this app in this book with its amount (and this store's seller id, when configured), records
    // it by notify_id, and returns what to do once `success` has been answered: hand it to the
    // session driving the order, or nothing when the book already took it.
    Result<notify::NotifyServer::FollowUp> acceptNotification(const notify::Notification& notification);

    // Whether the gateway's host can be reached now (a TCP connection, no API call); answered by
    // gatewayReachability(). The live payment's own trouble and recovery are reported too.
    void checkGateway();

    // Reconciles business day `day` (China time) of this till's app with Alipay's trade bill
    // (reconcile::Reconciliation): what differs, each with what to do; nothing is changed. `done` runs
    // once. Needs the gateway: a till loaded for payments.
    void reconcile(QDate day, std::function<void(Result<reconcile::ReconcileReport>)> done);

    // Views of the order book, for the history, reports and the CLI's `orders`.
    Result<QList<store::Order>> orders(const store::OrderFilter& filter) const;
    Result<qint64> countOrders(const store::OrderFilter& filter) const;
    Result<std::optional<store::Order>> order(const QString& outTradeNo) const;
    Result<QList<store::OrderEvent>> events(const QString& outTradeNo) const;
    // Oldest first.
    Result<QList<store::Refund>> refunds(const QString& outTradeNo) const;
    // A business day's figures (China time) from the whole book, every app id in it: the day close
    // screen and `counterpay-cli report` show the same.
    Result<report::DayReport> dayReport(QDate day) const;
    // What `shift` did, from its sign-in to its handover (or now, while it is open): the 交班 slip.
    Result<report::ShiftReport> shiftReport(const people::Shift& shift) const;
    // 日结: closes business day `day` with `manager`'s name and the day's figures as they stand, so no
    // more payments are taken that day. Refused while a payment is live or when the day is closed.
    Result<report::DayClose> closeDay(QDate day, const QString& manager);
    Result<std::optional<report::DayClose>> dayClose(QDate day) const;
    // The latest business day before today with orders and no close: what to warn about at start.
    Result<std::optional<QDate>> lastUnclosedDay() const;
    // Orders left unresolved that no session of this till is driving: what needs a manager's eye.
    Result<QList<store::Order>> needingAttention() const;
    // A manager settles an Unknown order of this app by hand, after checking with Alipay (the merchant
    // portal, the customer's phone) that it was not paid: it becomes Closed, with `note` and the
    // manager's name in its history. Never Paid: only Alipay's verified answer makes an order paid
    // (recover() asks again). Refused while any session drives the order.
    Result<store::Order> resolveByHand(const QString& outTradeNo, const QString& note, const QString& manager);
    // The state in the cashier's words (translated), e.g. "Paid", "Not paid, order closed".
    static QString stateLabel(store::OrderState state);

signals:
    // Any order this till moved, created or noted (a payment, a recovery, a notification).
    void orderChanged(const QString& outTradeNo);

    // The live payment, as PaymentSession tells it (see there).
    void paymentStateChanged(const counterpay::store::Order& order);
    void qrReady(const QString& qrCode);
    void customerScanned();
    void timeLeft(int seconds);
    void connectionTrouble(const QString& message);
    void connectionRecovered();
    void paid(const counterpay::store::Order& order);
    void recordingTrouble(const QString& message);
    // Not paid (closed, or refused by Alipay): what happened, and what the cashier does next.
    void notPaid(const QString& message, const QString& advice);
    void refundedOnCancel(const counterpay::store::Order& order);
    void unresolved(const QString& reason);
    // The payment has ended (paid, closed, refunded, failed or unresolved); the next may start.
    void paymentFinished(const counterpay::store::Order& order);

    // A refund has ended: done (the order as it is now), refused by Alipay, or unresolved. `message`
    // says why when it is not done.
    void refundFinished(const counterpay::store::Refund& refund, const counterpay::store::Order& order,
                        const QString& message);
    void recoveryProgress(const QString& line);
    void recoveryFinished(const counterpay::payment::RecoveryReport& report);
    void notificationRejected(const QString& reason);
    void gatewayReachability(bool reachable, const QString& detail);

private:
    PaymentContext context();
    PaymentSession* sessionFor(const QString& outTradeNo) const;
    Result<notify::NotifyServer::FollowUp> applyToBook(const notify::Notification& notification,
                                                       const store::Order& order);
    void relay(PaymentSession* session);
    void heartbeat();
    bool anythingLive() const;
    RefundOptions refundOptions() const;
    // Claims the order's lease for this till; refused (Input) while another till holds it.
    Result<void> takeLease(const QString& outTradeNo);

    const Clock& m_clock;
    Scheduler& m_scheduler;
    store::LeaseOwner m_owner;
    TillParts m_parts;
    QPointer<PaymentSession> m_payment;
    QPointer<Recovery> m_recovery;
    QList<QPointer<RefundSession>> m_refunds;
    QList<QPointer<QObject>> m_reconciliations;
    RecoveryReport m_recoveryReport;
    std::unique_ptr<notify::NotifyServer> m_notifyServer;
    alipay::GatewayProbe m_probe;
    Scheduler::Handle m_heartbeat = 0;
    QString m_cashier;
    std::optional<people::Shift> m_shift;
};

} // namespace counterpay::payment
