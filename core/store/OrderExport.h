#pragma once

#include "store/Order.h"

#include <QByteArray>
#include <QJsonObject>
#include <QList>

namespace counterpay::store {

// Orders as scripts and spreadsheets see them, with Alipay's field names (out_trade_no,
// total_amount, trade_no, ...) plus `state`. Times are China time (UTC+8), as on Alipay's bill.
class OrderExport
{
public:
    static QJsonObject toJson(const Order& order);
    // RFC 4180 CSV with a header row, UTF-8 with a BOM so that spreadsheet programs read the Chinese.
    static QByteArray toCsv(const QList<Order>& orders);
};

} // namespace counterpay::store
