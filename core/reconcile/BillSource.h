#pragma once

#include "common/Result.h"
#include "reconcile/BillArchiveReader.h"
#include "reconcile/BillDownloader.h"
#include "reconcile/TradeBill.h"

#include <QDate>
#include <QObject>

#include <functional>
#include <optional>

class QNetworkAccessManager;

namespace counterpay::alipay {
class GatewayClient;
}

namespace counterpay::reconcile {

// What Alipay has for a day.
struct BillFetch
{
    QDate day;
    // Empty when Alipay has no bill for the day: no business at all, or not ready yet (Alipay makes a
    // day's bill around 09:00 the next day, China time).
    std::optional<TradeBill> bill;
    QString fileName;     // the detail file's name in the zip
    QString noBillReason; // Alipay's sub_code when there is no bill
};

// A day's trade bill from Alipay: alipay.data.dataservice.bill.downloadurl.query through the gateway
// client (a verified answer), the zip behind the link it hands out, its detail file, parsed. Alipay's
// "no bill" answers (isp.bill_not_exist, NO_BILL_DATA, BILL_NOT_EXIST) are an outcome, not an error.
class BillSource : public QObject
{
    Q_OBJECT

public:
    using Callback = std::function<void(Result<BillFetch>)>;

    BillSource(alipay::GatewayClient& client, QNetworkAccessManager* network, QObject* parent = nullptr);

    void setLimits(const BillArchiveReader::Limits& limits) { m_limits = limits; }

    // `done` runs exactly once (at once when nothing can be sent), on this object's thread, unless the
    // source is destroyed first.
    void fetch(QDate day, Callback done);

private:
    void unpack(QDate day, Result<QByteArray> zip, const Callback& done) const;

    alipay::GatewayClient& m_client;
    BillDownloader m_downloader;
    BillArchiveReader::Limits m_limits;
};

} // namespace counterpay::reconcile
