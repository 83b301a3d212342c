#include "reconcile/Reconciliation.h"

#include "reconcile/BookDay.h"
#include "reconcile/ReconcileLog.h"
#include "reconcile/Reconciler.h"

#include <QPointer>

namespace counterpay::reconcile {

Reconciliation::Reconciliation(alipay::GatewayClient& client, QNetworkAccessManager* network,
                               const store::OrderStore& store, QString appId, QStringList ownTerminals, QObject* parent)
    : QObject(parent)
    , m_source(client, network)
    , m_store(store)
    , m_appId(std::move(appId))
    , m_ownTerminals(std::move(ownTerminals))
{}

struct Reconciliation::Pass
{
    QDate day;
    BillFetch fetched;
    BookDay book;
    ListedElsewhere elsewhere;
    QList<QDate> otherDays;
};

void Reconciliation::run(QDate day, Callback done)
{
    QPointer<Reconciliation> self(this);
    m_source.fetch(day, [self, day, done = std::move(done)](Result<BillFetch> fetched) {
        if (!self)
            return;
        if (!fetched) {
            done(fetched.error());
            return;
        }
        self->compare(day, std::move(*fetched), done);
    });
}

void Reconciliation::compare(QDate day, BillFetch fetched, const Callback& done)
{
    QStringList named;
    if (fetched.bill) {
        for (const BillRow& row : fetched.bill->rows)
            named.append(row.outTradeNo);
        named.removeDuplicates();
    }
    auto book = BookDay::load(m_store, m_appId, day, named, m_ownTerminals);
    if (!book) {
        done(book.error());
        return;
    }
    auto pass = std::make_shared<Pass>();
    pass->day = day;
    pass->fetched = std::move(fetched);
    pass->book = std::move(*book);
    const ReconcileReport first = Reconciler::reconcile(pass->book, pass->fetched.bill);
    for (const Mismatch& mismatch : first.mismatches) {
        if (mismatch.otherDay.isValid() && !pass->otherDays.contains(mismatch.otherDay))
            pass->otherDays.append(mismatch.otherDay);
    }
    lookElsewhere(pass, done);
}

void Reconciliation::lookElsewhere(const std::shared_ptr<Pass>& pass, const Callback& done)
{
    if (!pass->otherDays.isEmpty()) {
        const QDate other = pass->otherDays.takeFirst();
        QPointer<Reconciliation> self(this);
        m_source.fetch(other, [self, pass, other, done](Result<BillFetch> fetched) {
            if (!self)
                return;
            if (!fetched)
                qCWarning(lcReconcile).noquote() << "the bill of" << other.toString(Qt::ISODate)
                                                 << "is not there to compare with:" << fetched.error().toString();
            else if (fetched->bill)
                pass->elsewhere.add(*fetched->bill);
            self->lookElsewhere(pass, done);
        });
        return;
    }
    ReconcileReport report = Reconciler::reconcile(pass->book, pass->fetched.bill, pass->elsewhere);
    report.noBillReason = pass->fetched.noBillReason;
    report.billFile = pass->fetched.fileName;
    qCInfo(lcReconcile).noquote() << report.summary();
    done(std::move(report));
}

} // namespace counterpay::reconcile
