#pragma once

#include "alipay/ApiRequest.h"
#include "alipay/ResponseVerifier.h"
#include "common/Result.h"
#include "money/Money.h"

namespace counterpay::alipay {

// alipay.trade.precreate: a QR code for the customer to scan. The trade does not exist at Alipay
// until it is scanned.
struct TradePrecreate
{
    static constexpr auto kMethod = "alipay.trade.precreate";

    QString outTradeNo;
    Money totalAmount;
    QString subject;
    QString body;
    QString storeId;
    QString terminalId;
    QString operatorId;
    QString qrCodeTimeoutExpress; // e.g. "5m"; Alipay's default is 2 hours
    QString notifyUrl;

    struct Response
    {
        QString outTradeNo;
        QString qrCode;
    };

    ApiRequest request() const;
    Result<Response> parse(const VerifiedResponse& answer) const;
};

} // namespace counterpay::alipay
