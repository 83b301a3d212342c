#pragma once

#include <QDate>
#include <QDateTime>
#include <QTime>

namespace counterpay::alipay {

// China Standard Time (UTC+8, no daylight saving), whatever this machine's zone: the clock of Alipay's
// `timestamp`, trade times, trade numbers and bills, and of a shop's business day. An order created
// at 2026-11-25 16:30 UTC belongs to 2026-11-26.
class ChinaTime
{
public:
    static constexpr int kOffsetSeconds = 8 * 3600;

    // The same instant, on China's clock.
    static QDateTime of(const QDateTime& instant);
    // China's calendar day of `instant`: the business day.
    static QDate dayOf(const QDateTime& instant);
    // `time` of `day` on China's clock, as a UTC instant.
    static QDateTime at(QDate day, QTime time);
    // The first instant of `day` and of the day after, in UTC.
    static QDateTime startOfDay(QDate day);
    static QDateTime endOfDay(QDate day);
};

} // namespace counterpay::alipay
