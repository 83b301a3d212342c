#include "store/OrderState.h"

namespace counterpay::store {

QString orderStateName(OrderState state)
{
    switch (state) {
    case OrderState::Created:
        return QStringLiteral("created");
    case OrderState::AwaitingScan:
        return QStringLiteral("awaiting_scan");
    case OrderState::AwaitingPayment:
        return QStringLiteral("awaiting_payment");
    case OrderState::Paid:
        return QStringLiteral("paid");
    case OrderState::Cancelling:
        return QStringLiteral("cancelling");
    case OrderState::Closed:
        return QStringLiteral("closed");
    case OrderState::Failed:
        return QStringLiteral("failed");
    case OrderState::Unknown:
        return QStringLiteral("unknown");
    case OrderState::PartiallyRefunded:
        return QStringLiteral("partially_refunded");
    case OrderState::Refunded:
        return QStringLiteral("refunded");
    }
    return QString();
}

std::optional<OrderState> parseOrderState(QStringView name)
{
    for (OrderState state : kAllOrderStates) {
        if (name == orderStateName(state))
            return state;
    }
    return std::nullopt;
}

bool isFinal(OrderState state)
{
    switch (state) {
    case OrderState::Paid:
    case OrderState::Closed:
    case OrderState::Failed:
    case OrderState::PartiallyRefunded:
    case OrderState::Refunded:
        return true;
    case OrderState::Created:
    case OrderState::AwaitingScan:
    case OrderState::AwaitingPayment:
    case OrderState::Cancelling:
    case OrderState::Unknown:
        return false;
    }
    return false;
}

bool canMove(OrderState from, OrderState to)
{
    using S = OrderState;
    switch (from) {
    case S::Created:
        return to == S::AwaitingScan || to == S::AwaitingPayment || to == S::Paid || to == S::Failed ||
               to == S::Cancelling || to == S::Closed || to == S::Unknown;
    case S::AwaitingScan:
        return to == S::AwaitingPayment || to == S::Paid || to == S::Cancelling || to == S::Closed || to == S::Unknown;
    case S::AwaitingPayment:
        return to == S::Paid || to == S::Cancelling || to == S::Closed || to == S::Failed || to == S::Unknown;
    case S::Cancelling:
        // A cancel of a trade the customer had just paid answers action=refund; a final query may still
        // find it paid before the cancel is sent.
        return to == S::Closed || to == S::Refunded || to == S::Paid || to == S::Unknown;
    case S::Unknown:
        return to == S::Paid || to == S::Closed || to == S::Refunded || to == S::Cancelling || to == S::Failed ||
               to == S::AwaitingPayment;
    case S::Paid:
    case S::PartiallyRefunded:
        return to == S::PartiallyRefunded || to == S::Refunded;
    case S::Closed:
    case S::Failed:
    case S::Refunded:
        return false;
    }
    return false;
}

QString eventSourceName(EventSource source)
{
    switch (source) {
    case EventSource::Cashier:
        return QStringLiteral("cashier");
    case EventSource::Query:
        return QStringLiteral("query");
    case EventSource::Notify:
        return QStringLiteral("notify");
    case EventSource::Cancel:
        return QStringLiteral("cancel");
    case EventSource::Recovery:
        return QStringLiteral("recovery");
    case EventSource::Gateway:
        return QStringLiteral("gateway");
    case EventSource::Manager:
        return QStringLiteral("manager");
    }
    return QString();
}

std::optional<EventSource> parseEventSource(QStringView name)
{
    for (EventSource source : kAllEventSources) {
        if (name == eventSourceName(source))
            return source;
    }
    return std::nullopt;
}

} // namespace counterpay::store
