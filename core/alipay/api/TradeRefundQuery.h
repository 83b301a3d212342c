#pragma once

#include "alipay/ApiRequest.h"
#include "alipay/ResponseVerifier.h"
#include "common/Result.h"
#include "money/Money.h"

namespace counterpay::alipay {

// alipay.trade.fastpay.refund.query: confirms a refund whose answer was lost. An answer with the
// refund's data means it was done; an answer without it means it was not.
struct TradeRefundQuery
{
    static constexpr auto kMethod = "alipay.trade.fastpay.refund.query";

    QString outTradeNo;
    QString outRequestNo;

    struct Response
    {
        QString outTradeNo;
        QString outRequestNo;
        QString tradeNo;
        bool refunded = false;
        Money refundAmount;
        Money totalAmount;
        QString refundStatus;
    };

    ApiRequest request() const;
    Result<Response> parse(const VerifiedResponse& answer) const;
};

} // namespace counterpay::alipay
