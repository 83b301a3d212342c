#include "report/DayReporter.h"

#include "alipay/ChinaTime.h"
#include "report/OrderKinds.h"
#include "store/Order.h"
#include "store/OrderRows.h"
#include "store/Refund.h"
#include "store/SqlConnection.h"

#include <QSqlRecord>

namespace counterpay::report {

namespace {

constexpr qint64 kHourMs = 3'600'000;
constexpr qint64 kChinaOffsetMs = qint64(alipay::ChinaTime::kOffsetSeconds) * 1000;

// The "money taken at" instant of an order (see DayReport).
const QString kTakenAt = QStringLiteral("COALESCE(paid_at, created_at)");

QString appCondition(const QString& appId, QVariantList& values, const QString& column)
{
    if (appId.isEmpty())
        return QString();
    values << appId;
    return QStringLiteral(" AND ") + column + QStringLiteral(" = ?");
}

DayReport::Totals& totalsOf(DayReport& report, store::Order::PayMode mode)
{
    return mode == store::Order::PayMode::Barcode ? report.barcode : report.qr;
}

void add(Tally& tally, qint64 count, qint64 fen)
{
    tally.count += count;
    tally.amount = Money::fromFen(tally.amount.fen() + fen);
}

Error unreadable(const QString& what)
{
    return Error::storage(DayReporter::tr("The order book holds a value this version cannot read: %1.").arg(what));
}

// Orders created this day or the day before, grouped by mode, state and the hour their money was
// taken. A payment is taken within minutes of its order (the QR's lifetime, the wait for the
// customer's password), so one created two days before the day cannot be taken on it; the day before
// is read for an order created just before midnight and paid after it.
Result<void> addOrders(const store::SqlConnection& connection, DayReport& report)
{
    const qint64 start = store::OrderRows::time(alipay::ChinaTime::startOfDay(report.day)).toLongLong();
    const qint64 end = store::OrderRows::time(alipay::ChinaTime::endOfDay(report.day)).toLongLong();
    const qint64 dayBefore = store::OrderRows::time(alipay::ChinaTime::startOfDay(report.day.addDays(-1))).toLongLong();
    const QString takenToday = kTakenAt + QStringLiteral(" >= ? AND ") + kTakenAt + QStringLiteral(" < ?");
    // The hour on China's clock. Its constants are in the text, not bound: with bound ones the busy day
    // of bench_history's 1M-order book took 43 ms instead of 26 (tests/bench/history/README.md).
    const QString chinaHour =
        QStringLiteral("((COALESCE(paid_at, created_at) + %1) / %2) % 24").arg(kChinaOffsetMs).arg(kHourMs);
    // An order its cancel refunded (Alipay's cancel answered action=refund) has no refund record: its
    // money went back when it became refunded, the last change of the order.
    const QString refundedByCancel = QStringLiteral("state = ? AND updated_at >= ? AND updated_at < ? AND NOT EXISTS "
                                                    "(SELECT 1 FROM refunds r WHERE r.order_id = orders.id)");
    const QString refunded = store::orderStateName(store::OrderState::Refunded);
    QVariantList values{start, start, end, start, end, refunded, start, end, refunded, start, end, dayBefore, end};
    const QString sql = QStringLiteral("SELECT pay_mode, state, ") + chinaHour +
                        QStringLiteral(", SUM(CASE WHEN created_at >= ? THEN 1 ELSE 0 END), SUM(CASE WHEN ") +
                        takenToday + QStringLiteral(" THEN 1 ELSE 0 END), SUM(CASE WHEN ") + takenToday +
                        QStringLiteral(" THEN total_fen ELSE 0 END), SUM(CASE WHEN ") + refundedByCancel +
                        QStringLiteral(" THEN 1 ELSE 0 END), SUM(CASE WHEN ") + refundedByCancel +
                        QStringLiteral(" THEN refunded_fen ELSE 0 END) FROM orders "
                                       "WHERE created_at >= ? AND created_at < ?") +
                        appCondition(report.appId, values, QStringLiteral("app_id")) +
                        QStringLiteral(" GROUP BY 1, 2, 3");
    auto rows = connection.select(sql, values);
    if (!rows)
        return rows.error();
    for (const QSqlRecord& row : std::as_const(*rows)) {
        const auto mode = store::parsePayMode(row.value(0).toString());
        const auto state = store::parseOrderState(row.value(1).toString());
        if (!mode)
            return unreadable(QStringLiteral("pay mode ") + row.value(0).toString());
        if (!state)
            return unreadable(QStringLiteral("state ") + row.value(1).toString());
        const int hour = row.value(2).toInt();
        const qint64 created = row.value(3).toLongLong();
        const qint64 takenCount = row.value(4).toLongLong();
        const qint64 takenFen = row.value(5).toLongLong();
        const qint64 cancelRefunds = row.value(6).toLongLong();
        const qint64 cancelRefundedFen = row.value(7).toLongLong();

        DayReport::Totals& totals = totalsOf(report, *mode);
        for (std::size_t i = 0; i < store::kAllOrderStates.size(); ++i) {
            if (store::kAllOrderStates[i] == *state)
                report.byState[i] += created;
        }
        if (cancelRefunds > 0) {
            add(totals.refunds, cancelRefunds, cancelRefundedFen);
            add(report.all.refunds, cancelRefunds, cancelRefundedFen);
        }
        switch (OrderKinds::of(*state)) {
        case OrderKinds::Kind::Paid:
            if (takenCount > 0 && hour >= 0 && hour < 24) {
                add(totals.paid, takenCount, takenFen);
                add(report.all.paid, takenCount, takenFen);
                add(report.hourly[std::size_t(hour)], takenCount, takenFen);
            }
            break;
        case OrderKinds::Kind::NotPaid:
            totals.notPaid += created;
            report.all.notPaid += created;
            break;
        case OrderKinds::Kind::Open:
            totals.open += created;
            report.all.open += created;
            break;
        }
    }
    return {};
}

// Refunds done this day, whatever the day of their order (refunds_done index).
Result<void> addRefunds(const store::SqlConnection& connection, DayReport& report)
{
    QVariantList values{store::OrderRows::time(alipay::ChinaTime::startOfDay(report.day)),
                        store::OrderRows::time(alipay::ChinaTime::endOfDay(report.day)),
                        store::refundStateName(store::Refund::State::Done)};
    const QString sql = QStringLiteral("SELECT o.pay_mode, COUNT(*), SUM(r.amount_fen) FROM refunds r "
                                       "JOIN orders o ON o.id = r.order_id "
                                       "WHERE r.done_at >= ? AND r.done_at < ? AND r.state = ?") +
                        appCondition(report.appId, values, QStringLiteral("o.app_id")) +
                        QStringLiteral(" GROUP BY o.pay_mode");
    auto rows = connection.select(sql, values);
    if (!rows)
        return rows.error();
    for (const QSqlRecord& row : std::as_const(*rows)) {
        const auto mode = store::parsePayMode(row.value(0).toString());
        if (!mode)
            return unreadable(QStringLiteral("pay mode ") + row.value(0).toString());
        add(totalsOf(report, *mode).refunds, row.value(1).toLongLong(), row.value(2).toLongLong());
        add(report.all.refunds, row.value(1).toLongLong(), row.value(2).toLongLong());
    }
    return {};
}

Result<QString> edgeNumber(const store::SqlConnection& connection, const DayReport& report, bool last)
{
    QVariantList values{store::OrderRows::time(alipay::ChinaTime::startOfDay(report.day)),
                        store::OrderRows::time(alipay::ChinaTime::endOfDay(report.day))};
    const QString order = last ? QStringLiteral(" ORDER BY created_at DESC, id DESC LIMIT 1")
                               : QStringLiteral(" ORDER BY created_at, id LIMIT 1");
    const QString sql = QStringLiteral("SELECT out_trade_no FROM orders WHERE created_at >= ? AND created_at < ?") +
                        appCondition(report.appId, values, QStringLiteral("app_id")) + order;
    auto rows = connection.select(sql, values);
    if (!rows)
        return rows.error();
    return rows->isEmpty() ? QString() : rows->first().value(0).toString();
}

} // namespace

Result<DayReport> DayReporter::build(const store::SqlConnection& connection, QDate day, const QString& appId)
{
    if (!day.isValid())
        return Error::input(tr("The day to report is not a valid date."));
    DayReport report;
    report.day = day;
    report.appId = appId.trimmed();
    if (auto added = addOrders(connection, report); !added)
        return added.error();
    if (auto added = addRefunds(connection, report); !added)
        return added.error();
    auto first = edgeNumber(connection, report, false);
    if (!first)
        return first.error();
    auto last = edgeNumber(connection, report, true);
    if (!last)
        return last.error();
    report.firstOutTradeNo = *first;
    report.lastOutTradeNo = *last;
    return report;
}

} // namespace counterpay::report
