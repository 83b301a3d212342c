#include "report/OrderKinds.h"

namespace counterpay::report {

OrderKinds::Kind OrderKinds::of(store::OrderState state)
{
    using S = store::OrderState;
    switch (state) {
    case S::Paid:
    case S::PartiallyRefunded:
    case S::Refunded:
        return Kind::Paid;
    case S::Closed:
    case S::Failed:
        return Kind::NotPaid;
    case S::Created:
    case S::AwaitingScan:
    case S::AwaitingPayment:
    case S::Cancelling:
    case S::Unknown:
        return Kind::Open;
    }
    return Kind::Open;
}

} // namespace counterpay::report
