#pragma once

#include <QDate>
#include <QDateTime>

namespace counterpay::store {

// A shop's day is China's calendar day (UTC+8), whatever the machine's zone: an order created at
// 2026-11-25 16:30 UTC belongs to 2026-11-26.
class BusinessDay
{
public:
    static constexpr int kChinaOffsetSeconds = 8 * 3600;

    static QDate of(const QDateTime& instant);
    // The first instant of `day` and of the day after, in UTC.
    static QDateTime start(QDate day);
    static QDateTime end(QDate day);
};

} // namespace counterpay::store
