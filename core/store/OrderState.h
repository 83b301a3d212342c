#pragma once

#include <QString>
#include <QStringView>

#include <array>
#include <optional>

namespace counterpay::store {

// An order's life (DESIGN.md §5). The text names are what the database stores and the CLI prints.
enum class OrderState
{
    Created,
    AwaitingScan,
    AwaitingPayment,
    Paid,
    Cancelling,
    Closed,
    Failed,
    Unknown,
    PartiallyRefunded,
    Refunded,
};

inline constexpr std::array kAllOrderStates{
    OrderState::Created,           OrderState::AwaitingScan, OrderState::AwaitingPayment, OrderState::Paid,
    OrderState::Cancelling,        OrderState::Closed,       OrderState::Failed,          OrderState::Unknown,
    OrderState::PartiallyRefunded, OrderState::Refunded,
};

QString orderStateName(OrderState state);
std::optional<OrderState> parseOrderState(QStringView name);

// Final for the payment flow: nothing is left to ask Alipay. Unknown is not final: it is retried at the
// next start. Refund states are final too: a refund is its own flow with its own records.
bool isFinal(OrderState state);

// Transitions only move forward; a state may repeat itself only where the table allows it
// (PartiallyRefunded after another partial refund).
bool canMove(OrderState from, OrderState to);

// Who caused a transition.
enum class EventSource
{
    Cashier,
    Query,
    Notify,
    Cancel,
    Recovery,
    Gateway,
    Manager,
};

inline constexpr std::array kAllEventSources{
    EventSource::Cashier,  EventSource::Query,   EventSource::Notify,  EventSource::Cancel,
    EventSource::Recovery, EventSource::Gateway, EventSource::Manager,
};

QString eventSourceName(EventSource source);
std::optional<EventSource> parseEventSource(QStringView name);

} // namespace counterpay::store
