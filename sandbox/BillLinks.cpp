#include "BillLinks.h"

#include <QRandomGenerator>
#include <QUrlQuery>

namespace counterpay::sandbox {

BillLinks::BillLinks(const Clock& clock, bool sameDay)
    : m_clock(clock)
    , m_sameDay(sameDay)
{}

bool BillLinks::isReady(const Bill& bill) const
{
    const QDateTime now = m_clock.now();
    if (m_sameDay)
        return bill.from <= now;
    return bill.to.addSecs(qint64{9} * 3600) <= now;
}

QUrl BillLinks::issue(const Bill& bill, const QUrl& baseUrl, const QString& sellerId)
{
    const QDateTime now = m_clock.now();
    for (auto it = m_links.begin(); it != m_links.end();) {
        if (it->expiresAt <= now)
            it = m_links.erase(it);
        else
            ++it;
    }
    QByteArray random(16, Qt::Uninitialized);
    QRandomGenerator::system()->generate(random.begin(), random.end());
    const QString token = QString::fromLatin1(random.toHex());
    m_links.insert(token, Link{bill, now.addSecs(kValidSeconds)});

    QUrl url = baseUrl;
    url.setPath(QStringLiteral("/downloadBillFile.resource"));
    QUrlQuery query;
    query.addQueryItem(QStringLiteral("bizType"), QStringLiteral("trade"));
    query.addQueryItem(QStringLiteral("userId"), sellerId);
    query.addQueryItem(QStringLiteral("fileType"), QStringLiteral("csv.zip"));
    query.addQueryItem(QStringLiteral("bizDates"), bill.period);
    query.addQueryItem(QStringLiteral("downloadFileName"), sellerId + u'_' + bill.period + QStringLiteral(".csv.zip"));
    query.addQueryItem(QStringLiteral("fileId"), QStringLiteral("/trade/") + sellerId + u'/' + bill.period);
    query.addQueryItem(QStringLiteral("timestamp"), QString::number(now.toMSecsSinceEpoch()));
    query.addQueryItem(QStringLiteral("token"), token);
    url.setQuery(query);
    return url;
}

std::optional<BillLinks::Bill> BillLinks::find(const QString& token)
{
    const auto it = m_links.constFind(token);
    if (it == m_links.constEnd() || it->expiresAt <= m_clock.now())
        return std::nullopt;
    return it->bill;
}

} // namespace counterpay::sandbox
