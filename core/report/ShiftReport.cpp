#include "report/ShiftReport.h"

#include "report/OrderKinds.h"
#include "store/OrderRows.h"
#include "store/OrderState.h"
#include "store/Refund.h"
#include "store/SqlConnection.h"

#include <QSqlRecord>

namespace counterpay::report {

namespace {

// The shift's orders: cashier, terminal and range, with the values to bind.
const QString kShiftOrders =
    QStringLiteral("FROM orders WHERE cashier_id = ? AND created_at >= ? AND created_at < ? AND terminal_id = ?");

Result<void> addOrders(const store::SqlConnection& connection, ShiftReport& report, const QVariantList& shift)
{
    auto rows = connection.select(QStringLiteral("SELECT state, COUNT(*), SUM(total_fen) ") + kShiftOrders +
                                      QStringLiteral(" GROUP BY state"),
                                  shift);
    if (!rows)
        return rows.error();
    for (const QSqlRecord& row : std::as_const(*rows)) {
        const auto state = store::parseOrderState(row.value(0).toString());
        if (!state)
            return Error::storage(ShiftReport::tr("The order book holds a value this version cannot read: %1.")
                                      .arg(row.value(0).toString()));
        const qint64 count = row.value(1).toLongLong();
        report.orders += count;
        switch (OrderKinds::of(*state)) {
        case OrderKinds::Kind::Paid:
            report.paid.count += count;
            report.paid.amount = Money::fromFen(report.paid.amount.fen() + row.value(2).toLongLong());
            break;
        case OrderKinds::Kind::NotPaid:
            report.notPaid += count;
            break;
        case OrderKinds::Kind::Open:
            report.open += count;
            break;
        }
    }
    return {};
}

Result<void> addEdges(const store::SqlConnection& connection, ShiftReport& report, const QVariantList& shift)
{
    for (bool last : {false, true}) {
        const QString order = last ? QStringLiteral(" ORDER BY created_at DESC, id DESC LIMIT 1")
                                   : QStringLiteral(" ORDER BY created_at, id LIMIT 1");
        auto rows = connection.select(QStringLiteral("SELECT out_trade_no, created_at ") + kShiftOrders + order, shift);
        if (!rows)
            return rows.error();
        if (rows->isEmpty())
            continue;
        (last ? report.lastOutTradeNo : report.firstOutTradeNo) = rows->first().value(0).toString();
        (last ? report.lastAt : report.firstAt) = store::OrderRows::time(rows->first().value(1));
    }
    return {};
}

Result<void> addRefunds(const store::SqlConnection& connection, ShiftReport& report)
{
    auto rows = connection.select(
        QStringLiteral("SELECT COUNT(*), SUM(r.amount_fen) FROM refunds r JOIN orders o ON o.id = r.order_id "
                       "WHERE r.done_at >= ? AND r.done_at < ? AND r.state = ? AND o.terminal_id = ?"),
        {store::OrderRows::time(report.from), store::OrderRows::time(report.until),
         store::refundStateName(store::Refund::State::Done), report.terminalId});
    if (!rows)
        return rows.error();
    if (!rows->isEmpty()) {
        report.refunds.count = rows->first().value(0).toLongLong();
        report.refunds.amount = Money::fromFen(rows->first().value(1).toLongLong());
    }
    // Orders of the terminal refunded by their cancel (no refund record) in the range: created within
    // a day before it, as a cancel follows its order within minutes.
    auto byCancel = connection.select(
        QStringLiteral("SELECT COUNT(*), SUM(refunded_fen) FROM orders o WHERE o.terminal_id = ? AND "
                       "o.created_at >= ? AND o.created_at < ? AND o.state = ? AND o.updated_at >= ? AND "
                       "o.updated_at < ? AND NOT EXISTS (SELECT 1 FROM refunds r WHERE r.order_id = o.id)"),
        {report.terminalId, store::OrderRows::time(report.from.addDays(-1)), store::OrderRows::time(report.until),
         store::orderStateName(store::OrderState::Refunded), store::OrderRows::time(report.from),
         store::OrderRows::time(report.until)});
    if (!byCancel)
        return byCancel.error();
    if (!byCancel->isEmpty()) {
        report.refunds.count += byCancel->first().value(0).toLongLong();
        report.refunds.amount = Money::fromFen(report.refunds.amount.fen() + byCancel->first().value(1).toLongLong());
    }
    return {};
}

} // namespace

Result<ShiftReport> ShiftReport::build(const store::SqlConnection& connection, const QString& cashierId,
                                       const QString& terminalId, const QDateTime& from, const QDateTime& until)
{
    if (!from.isValid() || !until.isValid() || until < from)
        return Error::input(tr("A shift runs from a valid time to the same or a later one."));
    if (terminalId.trimmed().isEmpty())
        return Error::input(tr("A shift report needs the terminal."));
    ShiftReport report;
    report.cashierId = cashierId;
    report.terminalId = terminalId;
    report.from = from.toUTC();
    report.until = until.toUTC();
    const QVariantList shift{cashierId, store::OrderRows::time(report.from), store::OrderRows::time(report.until),
                             terminalId};
    if (auto added = addOrders(connection, report, shift); !added)
        return added.error();
    if (auto added = addEdges(connection, report, shift); !added)
        return added.error();
    if (auto added = addRefunds(connection, report); !added)
        return added.error();
    return report;
}

} // namespace counterpay::report
