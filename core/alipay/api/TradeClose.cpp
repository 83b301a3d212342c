#include "alipay/api/TradeClose.h"

#include "alipay/AnswerFields.h"
#include "alipay/GatewayAnswer.h"
#include "alipay/api/BizContent.h"

namespace counterpay::alipay {

ApiRequest TradeClose::request() const
{
    return {QString::fromLatin1(kMethod), BizContent().set("out_trade_no", outTradeNo).toJson(), {}};
}

Result<TradeClose::Response> TradeClose::parse(const VerifiedResponse& answer) const
{
    if (!answer.isSuccess())
        return GatewayAnswer::toError(answer);
    const AnswerFields fields(answer);
    if (auto same = fields.expectOutTradeNo(outTradeNo); !same)
        return same.error();
    return Response{fields.text("out_trade_no"), fields.text("trade_no")};
}

} // namespace counterpay::alipay
