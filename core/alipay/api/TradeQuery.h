#pragma once

#include "alipay/ApiRequest.h"
#include "alipay/ResponseVerifier.h"
#include "common/Result.h"
#include "money/Money.h"

namespace counterpay::alipay {

// alipay.trade.query. ACQ.TRADE_NOT_EXIST comes back as a Business error with that sub_code: for a
// QR order it means "not scanned yet", not a failure.
struct TradeQuery
{
    static constexpr auto kMethod = "alipay.trade.query";
    static constexpr auto kTradeNotExist = "ACQ.TRADE_NOT_EXIST";

    QString outTradeNo;

    struct Response
    {
        QString outTradeNo;
        QString tradeNo;
        QString tradeStatus; // WAIT_BUYER_PAY, TRADE_SUCCESS, TRADE_FINISHED, TRADE_CLOSED
        Money totalAmount;
        Money receiptAmount;
        QString buyerLogonId;
        QString buyerUserId;
        QString sendPayDate;

        // Only these two mean the money moved.
        bool meansPaid() const;
        bool isClosed() const;
    };

    ApiRequest request() const;
    Result<Response> parse(const VerifiedResponse& answer) const;
};

} // namespace counterpay::alipay
