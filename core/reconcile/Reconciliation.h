#pragma once

#include "common/Result.h"
#include "reconcile/BillSource.h"
#include "reconcile/ReconcileReport.h"

#include <QDate>
#include <QObject>
#include <QString>
#include <QStringList>

#include <functional>
#include <memory>

class QNetworkAccessManager;

namespace counterpay::alipay {
class GatewayClient;
}
namespace counterpay::store {
class OrderStore;
}

namespace counterpay::reconcile {

// Reconciles one business day of one app (对账): Alipay's trade bill of the day (BillSource), what the
// order book holds for it (BookDay), compared by Reconciler. Nothing is changed anywhere: the report
// says what differs and what a manager does about each difference. A trade the book puts around
// midnight that the day's bill lacks is looked for in the bill of the day before or after, when Alipay
// has that one.
class Reconciliation : public QObject
{
    Q_OBJECT

public:
    using Callback = std::function<void(Result<ReconcileReport>)>;

    // `ownTerminals`: this counter's terminal ids (see BookDay::terminals).
    Reconciliation(alipay::GatewayClient& client, QNetworkAccessManager* network, const store::OrderStore& store,
                   QString appId, QStringList ownTerminals, QObject* parent = nullptr);

    BillSource& source() { return m_source; }

    // `done` runs exactly once, on this object's thread, unless it is destroyed first. Alipay having no
    // bill for the day is a report (billFound false), not an error.
    void run(QDate day, Callback done);

private:
    struct Pass; // one run's bill, book and what neighbouring days' bills list

    void compare(QDate day, BillFetch fetched, const Callback& done);
    // Fetches the bills of the days Pass::otherDays names, one after the other, then reconciles again.
    void lookElsewhere(const std::shared_ptr<Pass>& pass, const Callback& done);

    BillSource m_source;
    const store::OrderStore& m_store;
    QString m_appId;
    QStringList m_ownTerminals;
};

} // namespace counterpay::reconcile
