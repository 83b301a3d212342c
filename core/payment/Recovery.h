#pragma once

#include "payment/PaymentContext.h"
#include "payment/PaymentOptions.h"
#include "store/Order.h"

#include <QList>
#include <QObject>
#include <QStringList>

#include <deque>

namespace counterpay::store {
class OrderStore;
}

namespace counterpay::payment {

class PaymentSession;

// What recovery found and did, for the cashier or manager.
struct RecoveryReport
{
    int examined = 0;
    int paid = 0;
    int closed = 0;
    int refunded = 0;
    int failed = 0;
    int unknown = 0;
    QStringList lines; // one per order: "T1-20261126-000003 12.34: paid"

    bool allResolved() const { return unknown == 0; }
};

// Resumes every order that is not in a final state (at start-up, or on demand): queries it, waits
// for a customer who is still paying, cancels what is past its time (DESIGN.md §5).
class Recovery : public QObject
{
    Q_OBJECT

public:
    Recovery(const PaymentContext& context, PaymentOptions options, QObject* parent = nullptr);

    // Emits finished() when every resumed order has settled (at once when there is none). A storage
    // failure while listing ends it with that error in the report's lines and unknown = -1.
    void run(int parallel = 4);

    // Orders resumed now; the app may also route notifications to them.
    PaymentSession* sessionFor(const QString& outTradeNo) const;

signals:
    void progress(const QString& line);
    void finished(const counterpay::payment::RecoveryReport& report);

private:
    void startNext();
    void settled(PaymentSession* session);

    PaymentContext m_context;
    PaymentOptions m_options;
    std::deque<store::Order> m_pending;
    QList<PaymentSession*> m_running;
    RecoveryReport m_report;
    int m_parallel = 4;
};

} // namespace counterpay::payment
