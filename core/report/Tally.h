#pragma once

#include "money/Money.h"

#include <QtGlobal>

namespace counterpay::report {

// How many, and how much in all.
struct Tally
{
    qint64 count = 0;
    Money amount;

    friend bool operator==(const Tally&, const Tally&) = default;
};

} // namespace counterpay::report
