#include "people/ShiftLog.h"

#include "alipay/ChinaTime.h"
#include "store/OrderRows.h"
#include "store/SqlConnection.h"

#include <QSqlRecord>

namespace counterpay::people {

using store::OrderRows;
using store::SqlConnection;

namespace {

const QString kColumns = QStringLiteral("id, person, terminal_id, started_at, ended_at");

Shift shiftOf(const QSqlRecord& row)
{
    Shift shift;
    shift.id = row.value(QStringLiteral("id")).toLongLong();
    shift.person = row.value(QStringLiteral("person")).toString();
    shift.terminalId = row.value(QStringLiteral("terminal_id")).toString();
    shift.startedAt = OrderRows::time(row.value(QStringLiteral("started_at")));
    shift.endedAt = OrderRows::time(row.value(QStringLiteral("ended_at")));
    return shift;
}

} // namespace

ShiftLog::ShiftLog(SqlConnection& connection, const Clock& clock)
    : m_connection(connection)
    , m_clock(clock)
{}

Result<Shift> ShiftLog::start(const QString& person, const QString& terminalId)
{
    if (person.isEmpty())
        return Error::input(tr("A shift needs the person who works it."));
    if (terminalId.isEmpty())
        return Error::input(tr("A shift needs its terminal."));
    const QDateTime now = m_clock.now();
    return m_connection.writeTransaction(SqlConnection::Durability::PowerSafe, [&]() -> Result<Shift> {
        auto ended = m_connection.exec(
            QStringLiteral("UPDATE shifts SET ended_at = ? WHERE terminal_id = ? AND ended_at IS NULL"),
            {OrderRows::time(now), terminalId});
        if (!ended)
            return ended.error();
        auto id =
            m_connection.insert(QStringLiteral("INSERT INTO shifts (person, terminal_id, started_at) VALUES (?, ?, ?)"),
                                {person, terminalId, OrderRows::time(now)});
        if (!id)
            return id.error();
        return Shift{*id, person, terminalId, now, QDateTime()};
    });
}

Result<std::optional<Shift>> ShiftLog::open(const QString& terminalId) const
{
    auto rows = m_connection.select(QStringLiteral("SELECT %1 FROM shifts WHERE terminal_id = ? AND ended_at IS NULL "
                                                   "ORDER BY started_at DESC, id DESC LIMIT 1")
                                        .arg(kColumns),
                                    {terminalId});
    if (!rows)
        return rows.error();
    if (rows->isEmpty())
        return std::optional<Shift>();
    return std::optional<Shift>(shiftOf(rows->constFirst()));
}

Result<std::optional<Shift>> ShiftLog::byId(qint64 id) const
{
    auto rows = m_connection.select(QStringLiteral("SELECT %1 FROM shifts WHERE id = ?").arg(kColumns), {id});
    if (!rows)
        return rows.error();
    if (rows->isEmpty())
        return std::optional<Shift>();
    return std::optional<Shift>(shiftOf(rows->constFirst()));
}

Result<Shift> ShiftLog::end(qint64 id)
{
    const QDateTime now = m_clock.now();
    return m_connection.writeTransaction(SqlConnection::Durability::PowerSafe, [&]() -> Result<Shift> {
        auto found = byId(id);
        if (!found)
            return found.error();
        if (!found->has_value())
            return Error::input(tr("There is no shift %1.").arg(id));
        Shift shift = **found;
        if (shift.endedAt.isValid())
            return Error::input(tr("%1's shift at %2 already ended at %3.")
                                    .arg(shift.person, shift.terminalId,
                                         alipay::ChinaTime::of(shift.endedAt).toString(QStringLiteral("HH:mm"))));
        auto changed = m_connection.exec(QStringLiteral("UPDATE shifts SET ended_at = ? WHERE id = ?"),
                                         {OrderRows::time(now), id});
        if (!changed)
            return changed.error();
        shift.endedAt = now;
        return shift;
    });
}

Result<QList<Shift>> ShiftLog::between(const QDateTime& from, const QDateTime& until) const
{
    if (!from.isValid() || !until.isValid() || until < from)
        return Error::input(tr("A time range needs its start before its end."));
    auto rows = m_connection.select(
        QStringLiteral("SELECT %1 FROM shifts WHERE started_at < ? AND (ended_at IS NULL OR ended_at > ?) "
                       "ORDER BY started_at, id")
            .arg(kColumns),
        {OrderRows::time(until), OrderRows::time(from)});
    if (!rows)
        return rows.error();
    QList<Shift> shifts;
    for (const QSqlRecord& row : std::as_const(*rows))
        shifts.append(shiftOf(row));
    return shifts;
}

} // namespace counterpay::people
