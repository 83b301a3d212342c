#pragma once

#include "alipay/ApiRequest.h"
#include "alipay/ResponseVerifier.h"
#include "common/Result.h"

namespace counterpay::alipay {

// alipay.trade.close: closes an unpaid trade that exists at Alipay (scanned, not paid).
struct TradeClose
{
    static constexpr auto kMethod = "alipay.trade.close";

    QString outTradeNo;

    struct Response
    {
        QString outTradeNo;
        QString tradeNo;
    };

    ApiRequest request() const;
    Result<Response> parse(const VerifiedResponse& answer) const;
};

} // namespace counterpay::alipay
