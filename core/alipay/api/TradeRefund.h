#pragma once

#include "alipay/ApiRequest.h"
#include "alipay/ResponseVerifier.h"
#include "common/Result.h"
#include "money/Money.h"

namespace counterpay::alipay {

// alipay.trade.refund: a full or partial refund. Each refund has its own out_request_no; sending the
// same one again is idempotent and answers fund_change=N.
struct TradeRefund
{
    static constexpr auto kMethod = "alipay.trade.refund";

    QString outTradeNo;
    Money refundAmount;
    QString outRequestNo;
    QString refundReason;
    QString operatorId;

    struct Response
    {
        QString outTradeNo;
        QString tradeNo;
        bool fundChange = false; // Y: money moved now; N: this refund was already done
        Money refundFee;         // total refunded on this trade so far
        QString gmtRefundPay;
        QString buyerLogonId;
    };

    ApiRequest request() const;
    Result<Response> parse(const VerifiedResponse& answer) const;
};

} // namespace counterpay::alipay
