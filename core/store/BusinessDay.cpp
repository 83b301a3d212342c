#include "store/BusinessDay.h"

#include <QTimeZone>

namespace counterpay::store {

QDate BusinessDay::of(const QDateTime& instant)
{
    return instant.toOffsetFromUtc(kChinaOffsetSeconds).date();
}

QDateTime BusinessDay::start(QDate day)
{
    return QDateTime(day, QTime(0, 0), QTimeZone(kChinaOffsetSeconds)).toUTC();
}

QDateTime BusinessDay::end(QDate day)
{
    return start(day.addDays(1));
}

} // namespace counterpay::store
