#pragma once

#include "alipay/ApiRequest.h"
#include "alipay/ResponseVerifier.h"
#include "common/Result.h"
#include "money/Money.h"

namespace counterpay::alipay {

// alipay.trade.pay with scene=bar_code: the cashier scanned the customer's payment code.
// 10000 is paid; 10003 means the customer must confirm on the phone (poll with query); anything
// unknown must be queried, never taken as a failure.
struct TradePay
{
    static constexpr auto kMethod = "alipay.trade.pay";

    QString outTradeNo;
    QString authCode;
    Money totalAmount;
    QString subject;
    QString storeId;
    QString terminalId;
    QString operatorId;
    QString timeoutExpress;
    QString notifyUrl;

    struct Response
    {
        enum class Outcome
        {
            Paid,
            Pending, // 10003: waiting for the customer
        };
        Outcome outcome = Outcome::Pending;
        QString outTradeNo;
        QString tradeNo;
        QString buyerLogonId;
        QString buyerUserId;
        Money totalAmount;
        Money receiptAmount;
        QString gmtPayment;
    };

    ApiRequest request() const;
    Result<Response> parse(const VerifiedResponse& answer) const;
};

} // namespace counterpay::alipay
