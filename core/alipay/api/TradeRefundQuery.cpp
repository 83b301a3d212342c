#include "alipay/api/TradeRefundQuery.h"

#include "alipay/AnswerFields.h"
#include "alipay/GatewayAnswer.h"
#include "alipay/api/BizContent.h"

namespace counterpay::alipay {

ApiRequest TradeRefundQuery::request() const
{
    BizContent biz;
    biz.set("out_trade_no", outTradeNo).set("out_request_no", outRequestNo);
    return {QString::fromLatin1(kMethod), biz.toJson(), {}};
}

Result<TradeRefundQuery::Response> TradeRefundQuery::parse(const VerifiedResponse& answer) const
{
    if (!answer.isSuccess())
        return GatewayAnswer::toError(answer);
    const AnswerFields fields(answer);
    Response response;
    response.outTradeNo = fields.text("out_trade_no");
    response.outRequestNo = fields.text("out_request_no");
    response.tradeNo = fields.text("trade_no");
    response.refundStatus = fields.text("refund_status");
    // Older answers carry no refund_status: then the presence of refund_amount is the answer.
    const bool hasAmount = !fields.text("refund_amount").isEmpty();
    response.refunded = response.refundStatus.isEmpty() ? hasAmount : response.refundStatus == u"REFUND_SUCCESS";
    if (response.refunded) {
        if (auto same = fields.expectOutTradeNo(outTradeNo); !same)
            return same.error();
        auto amount = fields.amount("refund_amount");
        if (!amount)
            return amount.error();
        response.refundAmount = *amount;
        auto total = fields.optionalAmount("total_amount");
        if (!total)
            return total.error();
        response.totalAmount = *total;
    }
    return response;
}

} // namespace counterpay::alipay
