#pragma once

#include "common/Clock.h"

#include <QDateTime>
#include <QHash>
#include <QString>
#include <QUrl>

#include <optional>

namespace counterpay::sandbox {

// The short-lived download links alipay.data.dataservice.bill.downloadurl.query hands out: Alipay's
// URL shape (downloadBillFile.resource?...&token=...), valid for 30 seconds.
class BillLinks
{
public:
    static constexpr int kValidSeconds = 30;

    struct Bill
    {
        QString appId;
        QDateTime from; // UTC, inclusive
        QDateTime to;   // UTC, exclusive
        QString period; // "20261126" or "202611"
    };

    // sameDay: a day's bill is ready at once (convenient for demos and tests); otherwise at 09:00 the
    // next day (UTC+8), as at Alipay.
    BillLinks(const Clock& clock, bool sameDay);

    bool isReady(const Bill& bill) const;

    QUrl issue(const Bill& bill, const QUrl& baseUrl, const QString& sellerId);
    // The bill behind a token, while the link is valid.
    std::optional<Bill> find(const QString& token);

private:
    struct Link
    {
        Bill bill;
        QDateTime expiresAt;
    };

    const Clock& m_clock;
    bool m_sameDay;
    QHash<QString, Link> m_links;
};

} // namespace counterpay::sandbox
