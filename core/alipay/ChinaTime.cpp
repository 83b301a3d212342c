#include "alipay/ChinaTime.h"

#include <QTimeZone>

namespace counterpay::alipay {

QDateTime ChinaTime::of(const QDateTime& instant)
{
    return instant.toOffsetFromUtc(kOffsetSeconds);
}

QDate ChinaTime::dayOf(const QDateTime& instant)
{
    return of(instant).date();
}

QDateTime ChinaTime::at(QDate day, QTime time)
{
    // Read apart from the machine's zone, so its DST gaps never matter.
    return QDateTime(day, time, QTimeZone(kOffsetSeconds)).toUTC();
}

QDateTime ChinaTime::startOfDay(QDate day)
{
    return at(day, QTime(0, 0));
}

QDateTime ChinaTime::endOfDay(QDate day)
{
    return startOfDay(day.addDays(1));
}

} // namespace counterpay::alipay
