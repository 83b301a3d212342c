#include "alipay/api/TradePay.h"

#include "alipay/AnswerFields.h"
#include "alipay/GatewayAnswer.h"
#include "alipay/api/BizContent.h"

#include <QCoreApplication>

namespace counterpay::alipay {

ApiRequest TradePay::request() const
{
    BizContent biz;
    biz.set("out_trade_no", outTradeNo)
        .set("scene", QStringLiteral("bar_code"))
        .set("auth_code", authCode)
        .set("product_code", QStringLiteral("FACE_TO_FACE_PAYMENT"))
        .set("total_amount", totalAmount.toString())
        .set("subject", subject)
        .set("store_id", storeId)
        .set("terminal_id", terminalId)
        .set("operator_id", operatorId)
        .set("timeout_express", timeoutExpress);
    return {QString::fromLatin1(kMethod), biz.toJson(), notifyUrl};
}

Result<TradePay::Response> TradePay::parse(const VerifiedResponse& answer) const
{
    const bool paid = answer.isSuccess();
    const bool pending = answer.code() == QLatin1String(GatewayAnswer::kPaymentPending) && answer.signatureVerified;
    if (!paid && !pending)
        return GatewayAnswer::toError(answer);

    const AnswerFields fields(answer);
    Response response;
    response.outcome = paid ? Response::Outcome::Paid : Response::Outcome::Pending;
    response.outTradeNo = fields.text("out_trade_no");
    response.tradeNo = fields.text("trade_no");
    response.buyerLogonId = fields.text("buyer_logon_id");
    response.buyerUserId = fields.text("buyer_user_id");
    response.gmtPayment = fields.text("gmt_payment");
    if (!paid)
        return response;

    // Paid only on a verified answer naming our order with our amount.
    if (auto same = fields.expectOutTradeNo(outTradeNo); !same)
        return same.error();
    auto total = fields.amount("total_amount");
    if (!total)
        return total.error();
    if (*total != totalAmount)
        return Error::security(
            QCoreApplication::translate("TradePay", "Alipay's answer names another amount"),
            QStringLiteral("asked %1, answer says %2").arg(totalAmount.toString(), total->toString()));
    auto receipt = fields.optionalAmount("receipt_amount");
    if (!receipt)
        return receipt.error();
    response.totalAmount = *total;
    response.receiptAmount = *receipt;
    return response;
}

} // namespace counterpay::alipay
