#include "Refusal.h"
#include "methods/MethodSupport.h"
#include "methods/Methods.h"

namespace counterpay::sandbox {

namespace {

using namespace support;

constexpr qint64 kCancelWindowSeconds = qint64{24} * 3600;
const QString kCancelRefundReason = QStringLiteral("cancelled and refunded");

// alipay.trade.cancel: ends a trade whose outcome is unknown. Unpaid, it closes (action=close); paid,
// the money goes back (action=refund). A trade Alipay never saw is fine too: success, no action.
class TradeCancel final : public MethodHandler
{
public:
    QString method() const override { return QStringLiteral("alipay.trade.cancel"); }

    ResponseNode handle(CallContext& context) override
    {
        auto found = anyTrade(context);
        if (!found)
            return refusal(found.error());
        ResponseNode node = ResponseNode::success();
        if (!*found) {
            node.set(QStringLiteral("out_trade_no"), context.biz("out_trade_no"))
                .set(QStringLiteral("retry_flag"), QStringLiteral("N"));
            return node;
        }
        Trade trade = **found;
        if (!trade.existsAtAlipay()) {
            // Not scanned: it does not exist for Alipay, but its QR must not be payable any more.
            if (trade.status == Trade::Status::Precreated) {
                auto closed = context.acquirer.close(trade, QStringLiteral("cancelled"));
                if (!closed)
                    return refusal(closed.error());
            }
            node.set(QStringLiteral("out_trade_no"), trade.outTradeNo)
                .set(QStringLiteral("retry_flag"), QStringLiteral("N"));
            return node;
        }
        if (trade.createdAt.secsTo(context.acquirer.now()) > kCancelWindowSeconds && trade.isPaid())
            return refusal(refusals::kCancelTimeOut.toError());

        QString action;
        if (trade.status == Trade::Status::WaitBuyerPay) {
            auto closed = context.acquirer.close(trade, QStringLiteral("cancelled"));
            if (!closed)
                return refusal(closed.error());
            trade = *closed;
            action = QStringLiteral("close");
        } else if (trade.status == Trade::Status::Success) {
            if (!trade.refunded.isZero())
                return ResponseNode::businessFailed(QStringLiteral("ACQ.REASON_TRADE_REFUND_FEE_ERR"),
                                                    QStringLiteral("退款金额无效"));
            // A refund nobody numbered is filed under the trade's out_trade_no, which is what
            // fastpay.refund.query then takes as out_request_no (Alipay's documentation of it).
            auto refunded = context.acquirer.refund(trade, trade.outTradeNo, trade.total, kCancelRefundReason);
            if (!refunded)
                return refusal(refunded.error());
            trade = refunded->trade;
            action = QStringLiteral("refund");
            node.set(QStringLiteral("gmt_refund_pay"), time(refunded->refund.refundedAt));
        } else if (trade.status == Trade::Status::Finished) {
            return refusal(refusals::kTradeHasFinished.toError());
        } else {
            // Cancelled before: answer as then.
            auto refunds = context.acquirer.trades().refunds(trade.appId, trade.outTradeNo);
            if (!refunds)
                return refusal(refunds.error());
            action = refunds->isEmpty() ? QStringLiteral("close") : QStringLiteral("refund");
        }
        ResponseNode answer = ResponseNode::success();
        answer.set(QStringLiteral("trade_no"), trade.tradeNo)
            .set(QStringLiteral("out_trade_no"), trade.outTradeNo)
            .set(QStringLiteral("retry_flag"), QStringLiteral("N"))
            .set(QStringLiteral("action"), action);
        if (node.contains(QStringLiteral("gmt_refund_pay")))
            answer.set(QStringLiteral("gmt_refund_pay"), node.value(QStringLiteral("gmt_refund_pay")));
        return answer;
    }
};

} // namespace

std::unique_ptr<MethodHandler> makeTradeCancel()
{
    return std::make_unique<TradeCancel>();
}

} // namespace counterpay::sandbox
