#pragma once

#include <QDate>

// The shape of the benchmark's order book, shared by make_book (which writes it) and bench_history
// (which knows where to look): fixed days, so that runs on different machines read the same book.
namespace counterpay::bench {

// The book's last business day; "today" for the benchmark is the day after.
inline QDate lastBookDay()
{
    return QDate(2026, 11, 25);
}

// Every day is closed except this many days before the last one: lastUnclosedBefore walks back over
// the closed days after it, as it would for a shop that forgot to close one day three weeks ago.
constexpr int kUnclosedDaysBack = 20;

} // namespace counterpay::bench
