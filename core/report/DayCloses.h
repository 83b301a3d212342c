#pragma once

#include "common/Clock.h"
#include "common/Result.h"

#include <QCoreApplication>
#include <QDate>
#include <QDateTime>
#include <QString>

#include <optional>

namespace counterpay::store {
class SqlConnection;
}

namespace counterpay::report {

// A business day a manager closed: no more payments are taken on it.
struct DayClose
{
    QDate day; // China's calendar day
    QDateTime closedAt;
    QString closedBy;
    QString summary; // the day's report as JSON, as it stood when the day was closed
};

// The closed business days, in the order book's day_closes table.
class DayCloses
{
    Q_DECLARE_TR_FUNCTIONS(DayCloses)

public:
    DayCloses(store::SqlConnection& connection, const Clock& clock);

    // Closes `day` now. Refused (Input) when it is already closed, when it is after today (China time,
    // by the clock) or when no one is named.
    Result<DayClose> close(QDate day, const QString& closedBy, const QString& summaryJson);
    Result<std::optional<DayClose>> find(QDate day) const;
    // The latest business day before `today` that has orders and was not closed: what the app warns
    // about at start. Walks back from day to day with one index lookup each (orders_created,
    // day_closes' key), so it costs the number of closed days with business, not the book's size.
    Result<std::optional<QDate>> lastUnclosedBefore(QDate today) const;
    // True when the error is close()'s refusal of a day closed before.
    static bool isAlreadyClosed(const Error& error);

private:
    store::SqlConnection& m_connection;
    const Clock& m_clock;
};

} // namespace counterpay::report
