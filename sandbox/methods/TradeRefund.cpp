#include "Refusal.h"
#include "alipay/TradeFields.h"
#include "methods/MethodSupport.h"
#include "methods/Methods.h"

namespace counterpay::sandbox {

namespace {

using namespace support;

// alipay.trade.refund: full or partial, one out_request_no per refund. Resending a refund already made
// answers fund_change=N; the refunds never add up to more than was paid.
class TradeRefund final : public MethodHandler
{
public:
    QString method() const override { return QStringLiteral("alipay.trade.refund"); }

    ResponseNode handle(CallContext& context) override
    {
        const std::optional<Money> amount = chargeAmount(context.biz("refund_amount"));
        if (!amount)
            return invalidParameter(QStringLiteral("refund_amount 须在 0.01 到 100000000.00 之间，最多两位小数"));
        auto found = existingTrade(context);
        if (!found)
            return refusal(found.error());
        // Without out_request_no Alipay takes the trade's own number: one (full) refund.
        QString outRequestNo = context.biz("out_request_no");
        if (outRequestNo.isEmpty())
            outRequestNo = found->outTradeNo;
        if (!alipay::TradeFields::isMerchantNumber(outRequestNo))
            return invalidParameter(QStringLiteral("out_request_no 须为 1 到 64 位字母、数字、下划线或连字符"));
        if (found->status == Trade::Status::Closed && found->refunded.isZero())
            return refusal(refusals::kTradeHasClose.toError());

        auto outcome = context.acquirer.refund(*found, outRequestNo, *amount, context.biz("refund_reason"));
        if (!outcome)
            return refusal(outcome.error());
        const Trade& trade = outcome->trade;
        ResponseNode node = ResponseNode::success();
        node.set(QStringLiteral("trade_no"), trade.tradeNo)
            .set(QStringLiteral("out_trade_no"), trade.outTradeNo)
            .set(QStringLiteral("buyer_logon_id"), trade.buyerLogonId)
            .set(QStringLiteral("fund_change"), outcome->fundChange ? QStringLiteral("Y") : QStringLiteral("N"))
            .set(QStringLiteral("refund_fee"), trade.refunded.toString())
            .set(QStringLiteral("gmt_refund_pay"), time(outcome->refund.refundedAt));
        if (wantsOption(context, QStringLiteral("refund_detail_item_list")))
            node.set(QStringLiteral("refund_detail_item_list"), fundBillList(outcome->refund.amount));
        node.set(QStringLiteral("buyer_user_id"), trade.buyerId)
            .set(QStringLiteral("send_back_fee"), outcome->refund.amount.toString());
        return node;
    }
};

} // namespace

std::unique_ptr<MethodHandler> makeTradeRefund()
{
    return std::make_unique<TradeRefund>();
}

} // namespace counterpay::sandbox
