#pragma once

#include "common/Result.h"
#include "report/DayReport.h"

#include <QCoreApplication>
#include <QDate>
#include <QString>

namespace counterpay::store {
class SqlConnection;
}

namespace counterpay::report {

// Builds a DayReport with a few aggregate queries (GROUP BY in SQLite) over the day's index ranges:
// orders_created and refunds_done, never a pass over the whole book.
class DayReporter
{
    Q_DECLARE_TR_FUNCTIONS(DayReporter)

public:
    static Result<DayReport> build(const store::SqlConnection& connection, QDate day, const QString& appId = {});
};

} // namespace counterpay::report
