#include "alipay/api/TradeQuery.h"

#include "alipay/AnswerFields.h"
#include "alipay/GatewayAnswer.h"
#include "alipay/api/BizContent.h"

#include <QCoreApplication>

namespace counterpay::alipay {

bool TradeQuery::Response::meansPaid() const
{
    return tradeStatus == u"TRADE_SUCCESS" || tradeStatus == u"TRADE_FINISHED";
}

bool TradeQuery::Response::isClosed() const
{
    return tradeStatus == u"TRADE_CLOSED";
}

ApiRequest TradeQuery::request() const
{
    return {QString::fromLatin1(kMethod), BizContent().set("out_trade_no", outTradeNo).toJson(), {}};
}

Result<TradeQuery::Response> TradeQuery::parse(const VerifiedResponse& answer) const
{
    if (!answer.isSuccess())
        return GatewayAnswer::toError(answer);
    const AnswerFields fields(answer);
    if (auto same = fields.expectOutTradeNo(outTradeNo); !same)
        return same.error();

    Response response;
    response.outTradeNo = fields.text("out_trade_no");
    response.tradeNo = fields.text("trade_no");
    response.tradeStatus = fields.text("trade_status");
    response.buyerLogonId = fields.text("buyer_logon_id");
    response.buyerUserId = fields.text("buyer_user_id");
    response.sendPayDate = fields.text("send_pay_date");
    static const QStringList known{QStringLiteral("WAIT_BUYER_PAY"), QStringLiteral("TRADE_SUCCESS"),
                                   QStringLiteral("TRADE_FINISHED"), QStringLiteral("TRADE_CLOSED")};
    if (!known.contains(response.tradeStatus))
        return Error::gateway(QCoreApplication::translate("TradeQuery", "Alipay's answer has an unknown trade_status"),
                              response.tradeStatus);
    auto total = fields.amount("total_amount");
    if (!total)
        return total.error();
    auto receipt = fields.optionalAmount("receipt_amount");
    if (!receipt)
        return receipt.error();
    response.totalAmount = *total;
    response.receiptAmount = *receipt;
    return response;
}

} // namespace counterpay::alipay
