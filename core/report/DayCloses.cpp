#include "report/DayCloses.h"

#include "alipay/ChinaTime.h"
#include "store/OrderRows.h"
#include "store/SqlConnection.h"

#include <QSqlRecord>

namespace counterpay::report {

namespace {

const QString kAlreadyClosed = QStringLiteral("day already closed");
// The table's key: 'yyyy-MM-dd'.
const QString kDayFormat = QStringLiteral("yyyy-MM-dd");

} // namespace

DayCloses::DayCloses(store::SqlConnection& connection, const Clock& clock)
    : m_connection(connection)
    , m_clock(clock)
{}

Result<DayClose> DayCloses::close(QDate day, const QString& closedBy, const QString& summaryJson)
{
    if (!day.isValid())
        return Error::input(tr("The day to close is not a valid date."));
    const QDateTime now = m_clock.now().toUTC();
    if (day > alipay::ChinaTime::dayOf(now))
        return Error::input(
            tr("%1 has not begun yet; only today or an earlier day can be closed.").arg(day.toString(Qt::ISODate)));
    if (closedBy.trimmed().isEmpty())
        return Error::input(tr("Closing a day must name who closed it."));
    return m_connection.writeTransaction(store::SqlConnection::Durability::PowerSafe, [&]() -> Result<DayClose> {
        auto existing = find(day);
        if (!existing)
            return existing.error();
        if (existing->has_value())
            return Error::input(
                tr("%1 was already closed by %2 at %3.")
                    .arg(day.toString(Qt::ISODate), (*existing)->closedBy,
                         alipay::ChinaTime::of((*existing)->closedAt).toString(QStringLiteral("HH:mm"))),
                kAlreadyClosed);
        DayClose closed{day, now, closedBy.trimmed(), summaryJson};
        auto written = m_connection.exec(
            QStringLiteral("INSERT INTO day_closes (business_day, closed_at, closed_by, summary) VALUES (?, ?, ?, ?)"),
            {day.toString(kDayFormat), store::OrderRows::time(now), closed.closedBy, summaryJson});
        if (!written)
            return written.error();
        return closed;
    });
}

Result<std::optional<DayClose>> DayCloses::find(QDate day) const
{
    auto rows = m_connection.select(
        QStringLiteral("SELECT closed_at, closed_by, summary FROM day_closes WHERE business_day = ?"),
        {day.toString(kDayFormat)});
    if (!rows)
        return rows.error();
    if (rows->isEmpty())
        return std::optional<DayClose>();
    const QSqlRecord& row = rows->first();
    return std::optional<DayClose>(
        DayClose{day, store::OrderRows::time(row.value(0)), row.value(1).toString(), row.value(2).toString()});
}

Result<std::optional<QDate>> DayCloses::lastUnclosedBefore(QDate today) const
{
    if (!today.isValid())
        return Error::input(tr("The day to look back from is not a valid date."));
    QDateTime before = alipay::ChinaTime::startOfDay(today);
    for (;;) {
        // The newest order before `before`: one step down the orders_created index.
        auto rows = m_connection.select(QStringLiteral("SELECT MAX(created_at) FROM orders WHERE created_at < ?"),
                                        {store::OrderRows::time(before)});
        if (!rows)
            return rows.error();
        if (rows->isEmpty() || rows->first().value(0).isNull())
            return std::optional<QDate>();
        const QDate day = alipay::ChinaTime::dayOf(store::OrderRows::time(rows->first().value(0)));
        auto closed = find(day);
        if (!closed)
            return closed.error();
        if (!closed->has_value())
            return std::optional<QDate>(day);
        before = alipay::ChinaTime::startOfDay(day);
    }
}

bool DayCloses::isAlreadyClosed(const Error& error)
{
    return error.category() == Error::Category::Input && error.detail() == kAlreadyClosed;
}

} // namespace counterpay::report
