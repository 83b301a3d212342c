#pragma once

#include "common/Clock.h"
#include "common/Error.h"
#include "common/Scheduler.h"
#include "config/PaymentOptions.h"
#include "money/Money.h"
#include "payment/PaymentContext.h"
#include "payment/TradeGateway.h"
#include "store/Order.h"
#include "store/OrderStore.h"

#include <QLoggingCategory>
#include <QObject>
#include <QPointer>

namespace counterpay::store {
class OrderStore;
}

namespace counterpay::payment {

Q_DECLARE_LOGGING_CATEGORY(lcPayment)

// One order from the cashier's Enter to a final state (DESIGN.md §5). The order row is committed
// before the first request; every change of state is one store transition with its event. Only a
// verified answer naming this order with its amount makes it Paid. An order whose outcome cannot be
// learnt (cancel does not get through) ends Unknown with a reason, for recovery at the next start.
//
// One request is in flight at a time; step() decides what to do next from the phase and the clock.
class PaymentSession : public QObject
{
    Q_OBJECT

public:
    PaymentSession(const PaymentContext& context, config::PaymentOptions options, QObject* parent = nullptr);
    ~PaymentSession() override;

    // A new QR order: the customer scans the code from qrReady().
    void startQr(Money amount, const QString& subject);
    // A new barcode order: the cashier scanned the customer's payment code. The code is never stored.
    void startBarcode(Money amount, const QString& subject, const QString& authCode);
    // Picks up an order left unresolved (by a crash, a power cut, a cancel that failed).
    void resume(const store::Order& order);
    // The cashier gives up waiting: one last query, then cancel.
    void stop();
    // A verified notification of payment for this order, whose app id and amount the till checked. It
    // ends the order as Paid only while no cancel has been sent: once one has, the cancel's answer
    // decides (closed, or refunded) and the notification is recorded as information (DESIGN.md §5).
    // Returns whether it ended the order.
    bool applyNotifiedPayment(const QString& tradeNo, Money totalAmount, const QString& buyerLogonId);
    // Whether a notification of payment would end the order now (no cancel sent yet).
    bool acceptsNotifiedPayment() const;

    const store::Order& order() const { return m_order; }
    QString outTradeNo() const { return m_order.outTradeNo; }
    bool isFinished() const { return m_phase == Phase::Done; }
    // The last error seen, for messages and logs.
    const Error& lastError() const { return m_lastError; }

signals:
    void stateChanged(counterpay::store::OrderState state);
    void qrReady(const QString& qrCode);
    void scanned();
    void paid(const counterpay::store::Order& order);
    // The order ended without payment (closed, or refused by Alipay): message for the cashier.
    void failed(const QString& message);
    // The cancel found the order paid and Alipay refunded it.
    void refundedOnCancel(const counterpay::store::Order& order);
    // Gave up: the order is Unknown and a manager must look (it is retried at the next start).
    void unresolved(const QString& reason);
    void connectionTrouble(const QString& message);
    void connectionRecovered();
    // Paid at Alipay, but the order book failed to record it (a disk error): the money did arrive.
    // The session keeps trying to write it; the next start's recovery records it otherwise.
    void recordingTrouble(const QString& message);
    void timeLeft(int seconds);
    // Emitted once, after the last of the signals above.
    void finished();

private:
    enum class Phase
    {
        Idle,
        Creating,    // precreate / pay not yet answered
        Waiting,     // polling query until paid or the deadline
        FinalQuery,  // one last query before cancelling
        Cancelling,  // cancel until Alipay confirms
        RefundCheck, // closed at Alipay: was it paid and refunded (by a cancel) first?
        Recording,   // paid, but the order book has not taken it yet
        Done,
    };

    void begin(store::Order::PayMode mode, Money amount, const QString& subject, qint64 lifetimeMs);
    void step();
    void wakeAt(qint64 dueMs);
    qint64 nowMs() const;
    qint64 backoffMs(int attempt) const;

    // The callback for one request: marks the session busy until it runs, and drops the answer if
    // the session is gone by then.
    template <typename T>
    TradeGateway::Reply<T> replyTo(void (PaymentSession::*handler)(Result<T>))
    {
        m_busy = true;
        return [self = QPointer<PaymentSession>(this), handler](Result<T> answer) {
            if (self)
                (self.data()->*handler)(std::move(answer));
        };
    }

    void sendCreate();
    void sendQuery();
    void sendCancel();
    void sendRefundCheck();
    void onPrecreate(Result<alipay::TradePrecreate::Response> answer);
    void onPay(Result<alipay::TradePay::Response> answer);
    void onQuery(Result<alipay::TradeQuery::Response> answer);
    void onCancel(Result<alipay::TradeCancel::Response> answer);
    void onRefundCheck(Result<alipay::TradeRefundQuery::Response> answer);

    bool move(store::OrderState to, store::EventSource source, const store::TransitionDetails& details);
    void markPaid(store::EventSource source, const QString& tradeNo, Money total, const QString& buyerLogonId,
                  const QString& buyerUserId);
    void beginCancel(const QString& why);
    void finishFailed(const Error& error);
    void finishClosed(store::EventSource source, const QString& message);
    void finishRefunded(store::EventSource source, const QString& tradeNo);
    void finishUnknown(const QString& reason);
    void retryRecording();
    bool cancelSent() const;
    void finish();
    void noteTrouble(const Error& error);
    void noteHealthy();
    void tick();

    PaymentContext m_context;
    store::OrderStore& m_store;
    TradeGateway& m_gateway;
    Scheduler& m_scheduler;
    const Clock& m_clock;
    config::PaymentOptions m_options;

    store::Order m_order;
    QString m_authCode; // memory only, for resending the same pay request
    Phase m_phase = Phase::Idle;
    bool m_busy = false;
    bool m_cancelRequested = false;
    bool m_trouble = false;
    bool m_resumed = false; // transitions are then recorded with source Recovery
    QString m_cancelReason;
    qint64 m_deadlineMs = 0;
    qint64 m_waitStartMs = 0;
    qint64 m_nextActionMs = 0;
    int m_createAttempts = 0;
    int m_cancelAttempts = 0;
    int m_refundChecks = 0;
    int m_payResends = 0;
    int m_recordAttempts = 0;
    store::EventSource m_paidSource = store::EventSource::Query;
    store::TransitionDetails m_paidDetails; // what Recording writes
    Scheduler::Handle m_wake = 0;
    Scheduler::Handle m_tick = 0;
    Error m_lastError;
};

} // namespace counterpay::payment
