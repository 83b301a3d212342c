#include "alipay/api/TradeRefund.h"

#include "alipay/AnswerFields.h"
#include "alipay/GatewayAnswer.h"
#include "alipay/api/BizContent.h"

namespace counterpay::alipay {

ApiRequest TradeRefund::request() const
{
    BizContent biz;
    biz.set("out_trade_no", outTradeNo)
        .set("refund_amount", refundAmount.toString())
        .set("out_request_no", outRequestNo)
        .set("refund_reason", refundReason)
        .set("operator_id", operatorId);
    return {QString::fromLatin1(kMethod), biz.toJson(), {}};
}

Result<TradeRefund::Response> TradeRefund::parse(const VerifiedResponse& answer) const
{
    if (!answer.isSuccess())
        return GatewayAnswer::toError(answer);
    const AnswerFields fields(answer);
    if (auto same = fields.expectOutTradeNo(outTradeNo); !same)
        return same.error();
    auto refundFee = fields.amount("refund_fee");
    if (!refundFee)
        return refundFee.error();
    Response response;
    response.outTradeNo = fields.text("out_trade_no");
    response.tradeNo = fields.text("trade_no");
    response.fundChange = fields.text("fund_change") == u"Y";
    response.refundFee = *refundFee;
    response.gmtRefundPay = fields.text("gmt_refund_pay");
    response.buyerLogonId = fields.text("buyer_logon_id");
    return response;
}

} // namespace counterpay::alipay
