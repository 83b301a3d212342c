#pragma once

#include "alipay/ApiRequest.h"
#include "alipay/ResponseVerifier.h"
#include "common/Result.h"

namespace counterpay::alipay {

// alipay.trade.cancel: ends a trade whose outcome is unresolved (timeout, cashier stop) within 24 h.
// Alipay closes it if unpaid (action=close) or refunds it if it was paid meanwhile (action=refund).
// A failure with retry_flag=Y comes back as an Unknown error: cancel again.
struct TradeCancel
{
    static constexpr auto kMethod = "alipay.trade.cancel";

    QString outTradeNo;

    struct Response
    {
        QString outTradeNo;
        QString tradeNo;
        bool retry = false; // retry_flag=Y on a successful answer: Alipay wants the cancel sent again
        QString action;     // "close", "refund", or empty
        QString gmtRefundPay;

        bool refunded() const { return action == u"refund"; }
    };

    ApiRequest request() const;
    Result<Response> parse(const VerifiedResponse& answer) const;
};

} // namespace counterpay::alipay
