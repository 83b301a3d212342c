#include "alipay/PaymentCode.h"

#include "alipay/TradeFields.h"

namespace counterpay::alipay {

PaymentCodeIssuer paymentCodeIssuer(QStringView code)
{
    if (TradeFields::isAuthCode(code))
        return PaymentCodeIssuer::Alipay;
    for (QChar c : code) {
        if (c < u'0' || c > u'9')
            return PaymentCodeIssuer::Unknown;
    }
    if (code.size() < 2)
        return PaymentCodeIssuer::Unknown;
    const int prefix = code.left(2).toInt();
    if (code.size() == 18 && prefix >= 10 && prefix <= 15)
        return PaymentCodeIssuer::WeChat;
    if (code.size() >= 16 && code.size() <= 19 && prefix == 62)
        return PaymentCodeIssuer::UnionPay;
    return PaymentCodeIssuer::Unknown;
}

} // namespace counterpay::alipay
