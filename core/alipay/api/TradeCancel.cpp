#include "alipay/api/TradeCancel.h"

#include "alipay/AnswerFields.h"
#include "alipay/GatewayAnswer.h"
#include "alipay/api/BizContent.h"

#include <QCoreApplication>

namespace counterpay::alipay {

ApiRequest TradeCancel::request() const
{
    return {QString::fromLatin1(kMethod), BizContent().set("out_trade_no", outTradeNo).toJson(), {}};
}

Result<TradeCancel::Response> TradeCancel::parse(const VerifiedResponse& answer) const
{
    const AnswerFields fields(answer);
    const bool retry = fields.text("retry_flag") == u"Y";
    if (!answer.isSuccess()) {
        Error error = GatewayAnswer::toError(answer);
        if (retry && answer.signatureVerified)
            return Error(Error::Category::Unknown,
                         QCoreApplication::translate("TradeCancel", "Alipay asks to send the cancel again"),
                         error.detail(), error.code(), error.subCode());
        return error;
    }
    if (auto same = fields.expectOutTradeNo(outTradeNo); !same)
        return same.error();
    return Response{fields.text("out_trade_no"), fields.text("trade_no"), retry, fields.text("action"),
                    fields.text("gmt_refund_pay")};
}

} // namespace counterpay::alipay
