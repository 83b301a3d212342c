#pragma once

#include "money/Money.h"

#include <QDateTime>
#include <QString>
#include <QStringView>

#include <optional>

namespace counterpay::store {

// One refund request against a paid order; out_request_no makes resending it idempotent at Alipay.
struct Refund
{
    enum class State
    {
        Requested, // recorded before the call to Alipay
        Done,
        Failed,
        Unknown, // the answer was lost: confirm with alipay.trade.fastpay.refund.query
    };

    qint64 id = 0;
    QString outTradeNo;
    QString outRequestNo;
    Money amount;
    State state = State::Requested;
    QString authorisedBy; // who approved it (DESIGN.md §7)
    QString reason;
    QDateTime createdAt;
    QDateTime doneAt;
};

QString refundStateName(Refund::State state);
std::optional<Refund::State> parseRefundState(QStringView name);

} // namespace counterpay::store
