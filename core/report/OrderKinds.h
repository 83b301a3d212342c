#pragma once

#include "store/OrderState.h"

namespace counterpay::report {

// What an order's state means for the till's money, as the reports count it.
class OrderKinds
{
public:
    enum class Kind
    {
        Paid,    // the money was taken: paid, partially_refunded, refunded (what went back is a refund)
        NotPaid, // ended without money: closed, failed
        Open,    // not settled yet: created, awaiting_*, cancelling, unknown
    };

    static Kind of(store::OrderState state);
};

} // namespace counterpay::report
