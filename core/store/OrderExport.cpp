#include "store/OrderExport.h"

#include "alipay/Timestamp.h"

#include <QStringList>

namespace counterpay::store {

namespace {

QString time(const QDateTime& instant)
{
    return instant.isValid() ? alipay::Timestamp::format(instant) : QString();
}

const QStringList kColumns{
    QStringLiteral("out_trade_no"),  QStringLiteral("state"),          QStringLiteral("total_amount"),
    QStringLiteral("refund_amount"), QStringLiteral("subject"),        QStringLiteral("mode"),
    QStringLiteral("trade_no"),      QStringLiteral("buyer_logon_id"), QStringLiteral("terminal_id"),
    QStringLiteral("operator_id"),   QStringLiteral("gmt_create"),     QStringLiteral("gmt_payment"),
    QStringLiteral("app_id"),        QStringLiteral("reason"),
};

QStringList values(const Order& order)
{
    return {order.outTradeNo,
            orderStateName(order.state),
            order.totalAmount.toString(),
            order.refundedAmount.toString(),
            order.subject,
            payModeName(order.mode),
            order.tradeNo,
            order.buyerLogonId,
            order.terminalId,
            order.cashierId,
            time(order.createdAt),
            time(order.paidAt),
            order.appId,
            order.reason};
}

QByteArray csvField(const QString& value)
{
    QByteArray bytes = value.toUtf8();
    // A leading = + - @ would be run as a formula by spreadsheet programs.
    if (!bytes.isEmpty() && QByteArrayView("=+-@").contains(bytes.front()) && bytes != "-")
        bytes.prepend('\'');
    if (bytes.contains(',') || bytes.contains('"') || bytes.contains('\n') || bytes.contains('\r')) {
        bytes.replace("\"", "\"\"");
        bytes = '"' + bytes + '"';
    }
    return bytes;
}

} // namespace

QJsonObject OrderExport::toJson(const Order& order)
{
    QJsonObject object;
    const QStringList row = values(order);
    for (qsizetype i = 0; i < kColumns.size(); ++i)
        object.insert(kColumns[i], row[i]);
    return object;
}

QByteArray OrderExport::toCsv(const QList<Order>& orders)
{
    QByteArray csv = QByteArrayLiteral("\xEF\xBB\xBF");
    csv += kColumns.join(u',').toUtf8() + "\r\n";
    for (const Order& order : orders) {
        const QStringList row = values(order);
        for (qsizetype i = 0; i < row.size(); ++i) {
            if (i)
                csv += ',';
            csv += csvField(row[i]);
        }
        csv += "\r\n";
    }
    return csv;
}

} // namespace counterpay::store
