#pragma once

#include "common/Result.h"
#include "store/Order.h"
#include "store/Refund.h"

#include <QDate>
#include <QList>
#include <QString>
#include <QStringList>

namespace counterpay::store {
class OrderStore;
}

namespace counterpay::reconcile {

// What the order book holds that bears on one app's trade bill of one business day (China time): the
// input Reconciler compares with the bill.
struct BookDay
{
    QString appId;
    QDate day;
    // The app's orders created that day or the day before (one paid just before midnight reaches
    // Alipay's next day), the orders of the app's refunds requested or finished that day, and every
    // order the bill names, whatever its app or day.
    QList<store::Order> orders;
    QList<store::Refund> refunds; // every refund of those orders
    // The terminals that number this app's orders in this book: a trade the book lacks is this book's
    // own loss when its terminal is one of them, another client's sale otherwise.
    QStringList terminals;

    // `billOutTradeNos`: the out_trade_nos the bill names; `ownTerminals`: the terminals configured
    // here (this counter's), which count as the book's even on a day they sold nothing.
    static Result<BookDay> load(const store::OrderStore& store, const QString& appId, QDate day,
                                const QStringList& billOutTradeNos, const QStringList& ownTerminals = {});
};

} // namespace counterpay::reconcile
