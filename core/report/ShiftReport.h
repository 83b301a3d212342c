#pragma once

#include "common/Result.h"
#include "report/Tally.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QString>

namespace counterpay::store {
class SqlConnection;
}

namespace counterpay::report {

// One cashier's stint at one terminal, [from, until): what the handover slip shows.
//
// The orders are that cashier's orders on that terminal created in the range. The refunds are those
// done in the range on orders of that terminal, whoever took the order: the refund leaves the shop
// while this cashier holds the counter, which is what the handover must account for. An order of the
// terminal refunded by its cancel (no refund record) counts as a refund when it became refunded.
struct ShiftReport
{
    Q_DECLARE_TR_FUNCTIONS(ShiftReport)

public:
    // Reads the orders_cashier and refunds_done indexes' ranges, nothing more.
    static Result<ShiftReport> build(const store::SqlConnection& connection, const QString& cashierId,
                                     const QString& terminalId, const QDateTime& from, const QDateTime& until);

    QString cashierId;
    QString terminalId;
    QDateTime from;
    QDateTime until;

    // The first and last of the cashier's orders in the range, by created_at; empty when none.
    QString firstOutTradeNo;
    QDateTime firstAt;
    QString lastOutTradeNo;
    QDateTime lastAt;

    qint64 orders = 0;  // every order of the cashier in the range
    Tally paid;         // of them, those whose money was taken (paid, partially or wholly refunded since)
    qint64 notPaid = 0; // closed or failed: the customer did not pay
    qint64 open = 0;    // not settled yet
    Tally refunds;      // done in the range on the terminal's orders

    Money net() const { return Money::fromFen(paid.amount.fen() - refunds.amount.fen()); }
};

} // namespace counterpay::report
