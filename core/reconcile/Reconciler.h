#pragma once

#include "reconcile/BookDay.h"
#include "reconcile/ReconcileReport.h"
#include "reconcile/TradeBill.h"

#include <QCoreApplication>
#include <QSet>
#include <QString>

#include <optional>

namespace counterpay::reconcile {

// Compares the order book's day with Alipay's trade bill of that day, by out_trade_no (and a refund's
// out_request_no), and says for each difference what to do. A pure function: no clock, no disk, no
// network.
//
// Which day a trade belongs to: Alipay's bill lists a payment on the day (China time) Alipay took it,
// and a refund on the day it was made. The book does not know Alipay's instant, but knows it lies
// between the order's creation and the moment the book learned of it (paid_at, or the last change); a
// refund's between its request and its finish. A trade the bill names is always compared, whatever
// day the book puts it on; a trade the book has and the bill lacks is a difference when that window
// meets the day. When the window also meets the day before or after (Mismatch::otherDay), the bill of
// that day settles it: listed there (ListedElsewhere), it is that day's and no difference here.
//
// Trades of another app or terminal: the bill carries no app id, and one app may be used by several
// clients (this book's tills, another shop system, a web shop). What it carries is 终端号, the
// terminal_id sent with the trade, and 商户订单号, which CounterPay writes <terminal>-<yyyyMMdd>-<n>.
// A trade the book lacks is the book's own loss when either names a terminal of the book
// (BookDay::terminals); otherwise it is another client's sale (OtherTerminal), for that client to
// account for. A trade the book has under another app id is OtherApp (one book, several apps). A
// trade the book has whose 终端号 is not the order's terminal means another client uses the same
// numbers (OtherTerminal as well).
// What Alipay's bills of neighbouring days list, for the trades the book puts around midnight.
struct ListedElsewhere
{
    QSet<QString> payments;       // out_trade_no
    QSet<QString> refunds;        // out_request_no
    QSet<QString> refundedTrades; // out_trade_no of any refund (a cancel's refund has no number of ours)

    void add(const TradeBill& bill);
    bool isEmpty() const { return payments.isEmpty() && refunds.isEmpty(); }
};

class Reconciler
{
    Q_DECLARE_TR_FUNCTIONS(Reconciler)

public:
    // No bill (std::nullopt): Alipay has none for the day; every trade the book has is then missing.
    static ReconcileReport reconcile(const BookDay& book, const std::optional<TradeBill>& bill,
                                     const ListedElsewhere& elsewhere = {});
};

} // namespace counterpay::reconcile
