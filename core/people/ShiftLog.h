#pragma once

#include "common/Clock.h"
#include "common/Result.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QList>
#include <QString>

#include <optional>

namespace counterpay::store {
class SqlConnection;
}

namespace counterpay::people {

// One person's time at one terminal, from login to handover.
struct Shift
{
    qint64 id = 0;
    QString person;
    QString terminalId;
    QDateTime startedAt;
    QDateTime endedAt; // invalid while the shift is open
};

// Who worked which terminal when, in the order book's shifts table. A terminal has at most one open
// shift: a login ends the one before it, because a shift that was never handed over (the cashier
// walked away, the machine lost power) must not stay open forever.
class ShiftLog
{
    Q_DECLARE_TR_FUNCTIONS(ShiftLog)

public:
    ShiftLog(store::SqlConnection& connection, const Clock& clock);

    // Opens a shift for `person` at `terminalId` now, ending the terminal's open shift first.
    Result<Shift> start(const QString& person, const QString& terminalId);
    Result<std::optional<Shift>> open(const QString& terminalId) const;
    // The handover: ends shift `id` now. Refused when it has already ended.
    Result<Shift> end(qint64 id);
    // Every shift that overlaps [from, until), the open ones included, oldest first.
    Result<QList<Shift>> between(const QDateTime& from, const QDateTime& until) const;

private:
    Result<std::optional<Shift>> byId(qint64 id) const;

    store::SqlConnection& m_connection;
    const Clock& m_clock;
};

} // namespace counterpay::people
