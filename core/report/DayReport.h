#pragma once

#include "report/Tally.h"
#include "store/OrderState.h"

#include <QDate>
#include <QString>

#include <array>

namespace counterpay::report {

// One business day (China's calendar day) of the order book, for one app id or all of them.
//
// Money taken counts on the day it was taken: an order in state paid, partially_refunded or refunded
// counts by its paid_at (Alipay's payment time), or by created_at when it has none. Its whole total
// counts as taken; what was given back later counts as a refund on the day of the refund. Refunds
// count on the day they were done (refunds.done_at, state done), even for orders of earlier days. The
// other counts (not paid, open, per state, first and last number) are of the orders created that day.
// An order refunded by its cancel (the customer paid as the cashier stopped) has no refund record; it
// counts as paid, and as a refund on the day it became refunded (its updated_at).
struct DayReport
{
    // One pay mode's figures, or all modes together.
    struct Totals
    {
        Tally paid;         // orders whose money was taken this day
        qint64 notPaid = 0; // created this day and ended without money: closed, failed
        qint64 open = 0;    // created this day and not settled yet: created .. cancelling, unknown
        Tally refunds;      // refunds done this day, by the pay mode of their order

        Money net() const { return Money::fromFen(paid.amount.fen() - refunds.amount.fen()); }
        friend bool operator==(const Totals&, const Totals&) = default;
    };

    QDate day;
    QString appId; // empty: every app id in the book
    Totals qr;
    Totals barcode;
    Totals all;
    // Of the orders created this day, by created_at (then id); empty when there were none.
    QString firstOutTradeNo;
    QString lastOutTradeNo;
    std::array<Tally, 24> hourly{}; // money taken, by the China-time hour it was taken
    // Orders created this day per state, in kAllOrderStates' order.
    std::array<qint64, store::kAllOrderStates.size()> byState{};

    qint64 countIn(store::OrderState state) const;
    // Orders created this day.
    qint64 ordersCreated() const;
};

} // namespace counterpay::report
