#pragma once

#include "common/Clock.h"
#include "common/Scheduler.h"
#include "payment/TradeGateway.h"
#include "store/Lease.h"

namespace counterpay::store {
class OrderStore;
}

namespace counterpay::payment {

// What every flow of a till works with: its order book, its gateway, time, and the owner whose lease
// it holds on the orders it drives. Sessions keep references: the till outlives them.
struct PaymentContext
{
    store::OrderStore& store;
    TradeGateway& gateway;
    Scheduler& scheduler;
    const Clock& clock;
    store::LeaseOwner owner;
};

} // namespace counterpay::payment
