#include "reconcile/BillSource.h"

#include "alipay/ChinaTime.h"
#include "alipay/GatewayClient.h"
#include "alipay/api/BillDownloadUrlQuery.h"
#include "reconcile/ReconcileLog.h"
#include "reconcile/TradeBillParser.h"

#include <QPointer>

namespace counterpay::reconcile {

BillSource::BillSource(alipay::GatewayClient& client, QNetworkAccessManager* network, QObject* parent)
    : QObject(parent)
    , m_client(client)
    , m_downloader(network)
{}

void BillSource::fetch(QDate day, Callback done)
{
    if (!day.isValid()) {
        done(Error::input(tr("The day to reconcile is not a valid date.")));
        return;
    }
    alipay::BillDownloadUrlQuery query;
    query.billDate = day.toString(Qt::ISODate);
    QPointer<BillSource> self(this);
    m_client.call<alipay::BillDownloadUrlQuery>(
        query, [self, day, done = std::move(done)](Result<alipay::BillDownloadUrlQuery::Response> answer) {
            if (!self)
                return;
            if (!answer) {
                if (alipay::BillDownloadUrlQuery::meansNoBill(answer.error().subCode())) {
                    qCInfo(lcReconcile) << "no bill for" << day << answer.error().subCode();
                    BillFetch none;
                    none.day = day;
                    none.noBillReason = answer.error().subCode();
                    done(std::move(none));
                } else {
                    done(answer.error());
                }
                return;
            }
            qCDebug(lcReconcile) << "fetching the bill of" << day;
            self->m_downloader.download(QUrl(answer->billDownloadUrl, QUrl::StrictMode),
                                        [self, day, done](Result<QByteArray> zip) {
                                            if (self)
                                                self->unpack(day, std::move(zip), done);
                                        });
        });
}

void BillSource::unpack(QDate day, Result<QByteArray> zip, const Callback& done) const
{
    if (!zip) {
        done(zip.error());
        return;
    }
    auto entry = BillArchiveReader::detailFile(*zip, m_limits);
    if (!entry) {
        done(entry.error());
        return;
    }
    auto bill = TradeBillParser::parse(entry->data);
    if (!bill) {
        done(Error(bill.error()).withContext(entry->name));
        return;
    }
    // A bill of another period would make every trade of the day look missing.
    if (bill->from.isValid() && bill->from != alipay::ChinaTime::startOfDay(day)) {
        done(Error::gateway(tr("Alipay sent the bill of another day (from %1) for %2")
                                .arg(alipay::ChinaTime::of(bill->from).toString(QStringLiteral("yyyy-MM-dd HH:mm")),
                                     day.toString(Qt::ISODate)),
                            entry->name));
        return;
    }
    qCInfo(lcReconcile).noquote() << "bill of" << day.toString(Qt::ISODate) << entry->name << bill->rows.size()
                                  << "rows";
    BillFetch fetched;
    fetched.day = day;
    fetched.bill = std::move(*bill);
    fetched.fileName = entry->name;
    done(std::move(fetched));
}

} // namespace counterpay::reconcile
