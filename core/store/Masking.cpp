#include "store/Masking.h"

#include "alipay/TradeFields.h"

namespace counterpay::store {

namespace {

const QString kStars = QStringLiteral("****");

// Keeps `head` characters at the front and `tail` at the back; a value too short to hide at least four
// characters shows nothing at all.
QString keepEnds(const QString& value, qsizetype head, qsizetype tail)
{
    if (value.size() < head + tail + 4)
        return kStars;
    return value.left(head) + kStars + value.right(tail);
}

} // namespace

QString Masking::buyerUserId(const QString& userId)
{
    QString id = userId.trimmed();
    if (id.isEmpty() || id.contains(u'*'))
        return id;
    return keepEnds(id, 4, 4);
}

QString Masking::buyerLogonId(const QString& logonId)
{
    QString id = logonId.trimmed();
    if (id.isEmpty() || id.contains(u'*'))
        return id;
    const qsizetype at = id.indexOf(u'@');
    if (at > 0) {
        const QString local = id.left(at);
        return local.left(qMin<qsizetype>(3, local.size() / 2)) + QStringLiteral("***") + id.mid(at);
    }
    return keepEnds(id, 3, 4);
}

QString Masking::authCode(const QString& authCode)
{
    return alipay::TradeFields::maskAuthCode(authCode.trimmed());
}

} // namespace counterpay::store
