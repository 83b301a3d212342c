#pragma once

#include "common/Error.h"
#include "common/Scheduler.h"
#include "money/Money.h"
#include "payment/PaymentContext.h"
#include "payment/TradeGateway.h"
#include "store/Order.h"
#include "store/OrderStore.h"
#include "store/Refund.h"

#include <QList>
#include <QLoggingCategory>
#include <QObject>
#include <QPointer>

#include <optional>

namespace counterpay::payment {

Q_DECLARE_LOGGING_CATEGORY(lcRefund)

// How refunds at this counter run. Every number here can be set from configuration.
struct RefundOptions
{
    QString appId; // the app this till speaks for: another app's order is refused, or left alone
    // Pauses between resends of a request that did not get an answer (the last one repeats).
    QList<qint64> retryBackoffMs{500, 1000, 2000, 4000, 8000};
    int maxSends = 3;   // the refund is sent this often while its answers are lost, then asked about
    int maxQueries = 4; // refund queries in a row without an answer; then the refund is left Unknown
    int maxRounds = 3;  // a query that finds no refund sends it again (unchanged), this often at most
};

// One refund of a paid order, from the manager's approval to a final answer (DESIGN.md §4, §5). The
// refund row, with the out_request_no the order book gives it, is committed before anything is sent,
// and only if everything refunded or being refunded stays within what was paid. A lost or unclear
// answer is resent unchanged (same out_request_no, same amount: Alipay makes that idempotent), then
// confirmed with alipay.trade.fastpay.refund.query. Done moves the order to PartiallyRefunded or
// Refunded; a refusal ends Failed with a message for the manager; a refund whose fate cannot be
// learnt ends Unknown and stays in OrderStore::unresolvedRefunds() for resume() at the next start.
//
// One request is in flight at a time; step() decides what to do next from the phase and the clock.
class RefundSession : public QObject
{
    Q_OBJECT

public:
    RefundSession(const PaymentContext& context, RefundOptions options, QObject* parent = nullptr);
    ~RefundSession() override;

    // A new refund of `amount` from a paid order. Refused before anything is recorded or sent (failed(),
    // lastError() Input or Config) for an order that is not paid, is another app's, or has too little
    // left to refund.
    void start(const QString& outTradeNo, Money amount, const QString& authorisedBy, const QString& reason);
    // Settles a refund left Requested or Unknown (a crash, a power cut, a network that stayed down):
    // asks Alipay first, and sends it again, unchanged, only if Alipay has no record of it.
    void resume(const store::Refund& refund);

    const store::Refund& refund() const { return m_refund; }
    QString outRequestNo() const { return m_refund.outRequestNo; }
    bool isFinished() const { return m_phase == Phase::Done; }
    // The last error seen, for messages, logs and exit codes.
    const Error& lastError() const { return m_lastError; }

signals:
    void stateChanged(counterpay::store::Refund::State state);
    // Alipay refunded it; `order` is the order as the book has it now.
    void done(const counterpay::store::Refund& refund, const counterpay::store::Order& order);
    // Refused (by the order book before anything was sent, or by Alipay): a message for the manager.
    void failed(const QString& message);
    // Gave up: the refund is Unknown and is asked about again at the next start (or it belongs to
    // another app and was left as it is).
    void unresolved(const QString& reason);
    void connectionTrouble(const QString& message);
    void connectionRecovered();
    // Emitted once, after the last of the signals above.
    void finished();

private:
    enum class Phase
    {
        Idle,
        Sending,    // alipay.trade.refund until it answers
        Confirming, // alipay.trade.fastpay.refund.query: was it made?
        Done,
    };

    void step();
    void wakeAt(qint64 dueMs);
    qint64 nowMs() const;
    qint64 backoffMs(int attempt) const;

    // The callback for one request: marks the session busy until it runs, and drops the answer if
    // the session is gone by then.
    template <typename T>
    TradeGateway::Reply<T> replyTo(void (RefundSession::*handler)(Result<T>))
    {
        m_busy = true;
        return [self = QPointer<RefundSession>(this), handler](Result<T> answer) {
            if (self)
                (self.data()->*handler)(std::move(answer));
        };
    }

    void sendRefund();
    void sendQuery();
    void onRefund(Result<alipay::TradeRefund::Response> answer);
    void onQuery(Result<alipay::TradeRefundQuery::Response> answer);
    void beginConfirming();
    void notMadeAtAlipay();

    bool belongsToThisApp(const store::Order& order);
    store::EventSource source(store::EventSource live) const;
    void finishDone(store::EventSource source, std::optional<Money> refundedTotal, const QString& note);
    void finishFailed(const Error& error);
    void finishUnknown(const QString& reason);
    void refuseLocally(const Error& error);
    void finish();
    void noteTrouble(const Error& error);
    void noteHealthy();

    PaymentContext m_context;
    store::OrderStore& m_store;
    TradeGateway& m_gateway;
    Scheduler& m_scheduler;
    const Clock& m_clock;
    RefundOptions m_options;

    store::Refund m_refund;
    Phase m_phase = Phase::Idle;
    bool m_busy = false;
    bool m_trouble = false;
    bool m_resumed = false;         // changes are then recorded with source Recovery
    bool m_mayHaveArrived = false;  // a send may have reached Alipay: a refusal is confirmed before it counts
    std::optional<Error> m_refusal; // Alipay's refusal, held while a query confirms nothing was made
    qint64 m_nextActionMs = 0;
    int m_sends = 0; // in this round
    int m_totalSends = 0;
    int m_queries = 0; // unanswered, in a row
    int m_rounds = 0;
    Scheduler::Handle m_wake = 0;
    Error m_lastError;
};

} // namespace counterpay::payment
