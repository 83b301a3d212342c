#pragma once

#include "store/OrderState.h"

#include <QDateTime>
#include <QString>

namespace counterpay::store {

// One row of an order's history: every transition writes exactly one, in the same transaction. A
// refund that fails or stays unknown writes one too, with `from` and `to` both the order's state.
struct OrderEvent
{
    qint64 id = 0;
    QString outTradeNo;
    QDateTime at; // UTC
    OrderState from = OrderState::Created;
    OrderState to = OrderState::Created;
    EventSource source = EventSource::Cashier;
    QString code;    // Alipay's code ("10000", "40004"), when an answer caused the move
    QString subCode; // Alipay's sub_code ("ACQ.TRADE_NOT_EXIST")
    QString note;
};

} // namespace counterpay::store
