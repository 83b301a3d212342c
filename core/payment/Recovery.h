#pragma once

#include "config/PaymentOptions.h"
#include "payment/PaymentContext.h"
#include "store/Order.h"
#include "store/Refund.h"

#include <QList>
#include <QObject>
#include <QStringList>

#include <deque>

namespace counterpay::store {
class OrderStore;
}

namespace counterpay::payment {

class PaymentSession;
class RefundSession;

// What recovery found and did, for the cashier or manager.
struct RecoveryReport
{
    int examined = 0;
    int paid = 0;
    int closed = 0;
    int refunded = 0;
    int failed = 0;
    int unknown = 0;
    int otherApp = 0; // left alone: created for another app id, settled only with that app's config
    int busy = 0;     // left alone: a live session (this till's, or another's) is driving it
    // Refunds left Requested or Unknown, asked about again.
    int refundsExamined = 0;
    int refundsDone = 0;
    int refundsFailed = 0;
    int refundsUnknown = 0;
    QStringList lines; // one per order or refund: "T1-20261126-000003 12.34: paid"

    bool allResolved() const { return unknown == 0 && refundsUnknown == 0; }
};

// Resumes every order that is not in a final state (at start-up, or on demand): queries it, waits
// for a customer who is still paying, cancels what is past its time (DESIGN.md §5); then every refund
// whose answer was never learnt. Only orders of its own app id are touched, and only after taking
// their lease: an order another app created, or one a live session drives (in this process or
// another), is listed and left alone.
class Recovery : public QObject
{
    Q_OBJECT

public:
    Recovery(const PaymentContext& context, config::PaymentOptions options, QObject* parent = nullptr);

    // Emits finished() when every resumed order has settled (at once when there is none). A storage
    // failure while listing ends it with that error in the report's lines and unknown = -1.
    void run(int parallel = 4);

    // Orders resumed now; the app may also route notifications to them.
    PaymentSession* sessionFor(const QString& outTradeNo) const;

signals:
    void progress(const QString& line);
    // One order it resumed has reached the end of its session (settled, or still unresolved).
    void settled(const counterpay::store::Order& order);
    void finished(const counterpay::payment::RecoveryReport& report);

private:
    void startNext();
    void startNextRefund();
    void onRefundFinished(RefundSession* session);
    void onSessionFinished(PaymentSession* session);
    void skip(const store::Order& order, int& counter, const QString& why);
    void finishIfDone();

    PaymentContext m_context;
    config::PaymentOptions m_options;
    std::deque<store::Order> m_pending;
    QList<PaymentSession*> m_running;
    std::deque<store::Refund> m_pendingRefunds;
    RefundSession* m_refund = nullptr; // refunds are rare: one at a time
    RecoveryReport m_report;
    int m_parallel = 4;
};

} // namespace counterpay::payment
