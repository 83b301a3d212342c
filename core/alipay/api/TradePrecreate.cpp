#include "alipay/api/TradePrecreate.h"

#include "alipay/AnswerFields.h"
#include "alipay/GatewayAnswer.h"
#include "alipay/api/BizContent.h"

#include <QCoreApplication>
#include <QUrl>

namespace counterpay::alipay {

ApiRequest TradePrecreate::request() const
{
    BizContent biz;
    biz.set("out_trade_no", outTradeNo)
        .set("total_amount", totalAmount.toString())
        .set("subject", subject)
        .set("body", body)
        .set("store_id", storeId)
        .set("terminal_id", terminalId)
        .set("operator_id", operatorId)
        .set("qr_code_timeout_express", qrCodeTimeoutExpress)
        .set("product_code", QStringLiteral("FACE_TO_FACE_PAYMENT"));
    return {QString::fromLatin1(kMethod), biz.toJson(), notifyUrl};
}

Result<TradePrecreate::Response> TradePrecreate::parse(const VerifiedResponse& answer) const
{
    if (!answer.isSuccess())
        return GatewayAnswer::toError(answer);
    const AnswerFields fields(answer);
    if (auto same = fields.expectOutTradeNo(outTradeNo); !same)
        return same.error();
    Response response{fields.text("out_trade_no"), fields.text("qr_code")};
    const QUrl qr(response.qrCode, QUrl::StrictMode);
    if (response.qrCode.isEmpty() || !qr.isValid() || qr.scheme().isEmpty())
        return Error::gateway(QCoreApplication::translate("TradePrecreate", "Alipay's answer has no usable qr_code"),
                              response.qrCode);
    return response;
}

} // namespace counterpay::alipay
