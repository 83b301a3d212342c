#pragma once

#include "common/Result.h"
#include "store/Order.h"
#include "store/OrderEvent.h"
#include "store/Refund.h"

#include <QDateTime>
#include <QSqlRecord>
#include <QString>
#include <QVariant>

namespace counterpay::store {

// How orders, events and refunds are read from and written to rows. A row the code cannot read (an
// unknown state name) is a Storage error, never a guess.
class OrderRows
{
public:
    // Column lists for SELECTs: orders as `o`, order_events as `e`, refunds as `r`.
    static QString orderColumns();
    static QString eventColumns();
    static QString refundColumns();

    static Result<Order> order(const QSqlRecord& row);
    static Result<OrderEvent> event(const QSqlRecord& row);
    static Result<Refund> refund(const QSqlRecord& row);

    // Instants are stored as milliseconds since the epoch (UTC); an invalid QDateTime is NULL.
    static QVariant time(const QDateTime& instant);
    static QDateTime time(const QVariant& value);
};

} // namespace counterpay::store
