#include "methods/MethodSupport.h"
#include "methods/Methods.h"

namespace counterpay::sandbox {

namespace {

using namespace support;

// alipay.trade.query: the state of a trade. Before its QR is scanned a trade does not exist
// (ACQ.TRADE_NOT_EXIST), which a cashier polling for the scan must not take for a failure.
class TradeQuery final : public MethodHandler
{
public:
    QString method() const override { return QStringLiteral("alipay.trade.query"); }

    ResponseNode handle(CallContext& context) override
    {
        auto found = existingTrade(context);
        if (!found)
            return refusal(found.error());
        const Trade& trade = *found;
        const bool paid = trade.isPaid() || !trade.refunded.isZero();
        const QString paidAmount = paid ? trade.total.toString() : Money().toString();

        ResponseNode node = ResponseNode::success();
        node.set(QStringLiteral("trade_no"), trade.tradeNo)
            .set(QStringLiteral("out_trade_no"), trade.outTradeNo)
            .set(QStringLiteral("buyer_logon_id"), trade.buyerLogonId)
            .set(QStringLiteral("trade_status"), Trade::statusName(trade.status))
            .set(QStringLiteral("total_amount"), trade.total.toString())
            .set(QStringLiteral("buyer_pay_amount"), paidAmount)
            .set(QStringLiteral("point_amount"), Money().toString())
            .set(QStringLiteral("invoice_amount"), paidAmount);
        if (paid)
            node.set(QStringLiteral("send_pay_date"), time(trade.paidAt));
        node.set(QStringLiteral("receipt_amount"), paidAmount)
            .setIfNotEmpty(QStringLiteral("store_id"), trade.storeId)
            .setIfNotEmpty(QStringLiteral("terminal_id"), trade.terminalId);
        if (paid && wantsOption(context, QStringLiteral("fund_bill_list")))
            node.set(QStringLiteral("fund_bill_list"), fundBillList(trade.total));
        node.set(QStringLiteral("buyer_user_id"), trade.buyerId)
            .set(QStringLiteral("buyer_user_type"), QStringLiteral("PRIVATE"));
        return node;
    }
};

} // namespace

std::unique_ptr<MethodHandler> makeTradeQuery()
{
    return std::make_unique<TradeQuery>();
}

} // namespace counterpay::sandbox
