#include "store/Refund.h"

namespace counterpay::store {

QString refundStateName(Refund::State state)
{
    switch (state) {
    case Refund::State::Requested:
        return QStringLiteral("requested");
    case Refund::State::Done:
        return QStringLiteral("done");
    case Refund::State::Failed:
        return QStringLiteral("failed");
    case Refund::State::Unknown:
        return QStringLiteral("unknown");
    }
    return QString();
}

std::optional<Refund::State> parseRefundState(QStringView name)
{
    for (Refund::State state :
         {Refund::State::Requested, Refund::State::Done, Refund::State::Failed, Refund::State::Unknown}) {
        if (name == refundStateName(state))
            return state;
    }
    return std::nullopt;
}

} // namespace counterpay::store
