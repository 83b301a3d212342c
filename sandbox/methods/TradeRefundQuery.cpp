#include "methods/MethodSupport.h"
#include "methods/Methods.h"

namespace counterpay::sandbox {

namespace {

using namespace support;

// alipay.trade.fastpay.refund.query: confirms a refund whose answer was lost. Refund data in the
// answer means it was made; an answer without it means it was not.
class TradeRefundQuery final : public MethodHandler
{
public:
    QString method() const override { return QStringLiteral("alipay.trade.fastpay.refund.query"); }

    ResponseNode handle(CallContext& context) override
    {
        auto found = existingTrade(context);
        if (!found)
            return refusal(found.error());
        const Trade& trade = *found;
        QString outRequestNo = context.biz("out_request_no");
        if (outRequestNo.isEmpty())
            outRequestNo = trade.outTradeNo;
        auto refund = context.acquirer.trades().findRefund(trade.appId, trade.outTradeNo, outRequestNo);
        if (!refund)
            return refusal(refund.error());

        ResponseNode node = ResponseNode::success();
        node.set(QStringLiteral("trade_no"), trade.tradeNo)
            .set(QStringLiteral("out_trade_no"), trade.outTradeNo)
            .set(QStringLiteral("out_request_no"), outRequestNo);
        if (!*refund)
            return node;
        const Refund& made = **refund;
        node.set(QStringLiteral("total_amount"), trade.total.toString())
            .set(QStringLiteral("refund_amount"), made.amount.toString())
            .set(QStringLiteral("refund_status"), QStringLiteral("REFUND_SUCCESS"))
            .setIfNotEmpty(QStringLiteral("refund_reason"), made.reason);
        if (wantsOption(context, QStringLiteral("gmt_refund_pay")))
            node.set(QStringLiteral("gmt_refund_pay"), time(made.refundedAt));
        if (wantsOption(context, QStringLiteral("refund_detail_item_list")))
            node.set(QStringLiteral("refund_detail_item_list"), fundBillList(made.amount));
        return node;
    }
};

} // namespace

std::unique_ptr<MethodHandler> makeTradeRefundQuery()
{
    return std::make_unique<TradeRefundQuery>();
}

} // namespace counterpay::sandbox
