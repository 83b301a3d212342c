#include "report/DayReport.h"

#include <numeric>

namespace counterpay::report {

qint64 DayReport::countIn(store::OrderState state) const
{
    for (std::size_t i = 0; i < store::kAllOrderStates.size(); ++i) {
        if (store::kAllOrderStates[i] == state)
            return byState[i];
    }
    return 0;
}

qint64 DayReport::ordersCreated() const
{
    return std::accumulate(byState.cbegin(), byState.cend(), qint64(0));
}

} // namespace counterpay::report
