#pragma once

#include "Trade.h"

#include <QByteArray>
#include <QString>

namespace counterpay::sandbox {

// What a customer's phone shows after scanning a sandbox QR (the qr_code URL): the order, the amount,
// and buttons to scan, pay or decline. The buttons post to /sandbox/scan|pay|decline, the same plain
// calls tests use, and come back here. Everything shown is HTML-escaped: the subject is merchant text.
class CustomerPage
{
public:
    static QByteArray render(const Trade& trade, const QString& notice);
    static QByteArray notFound();
    // GET /: what the sandbox is and where its endpoints are.
    static QByteArray index(const QString& sellerId, const QStringList& appIds);
};

} // namespace counterpay::sandbox
