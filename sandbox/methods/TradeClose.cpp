#include "Refusal.h"
#include "methods/MethodSupport.h"
#include "methods/Methods.h"

namespace counterpay::sandbox {

namespace {

using namespace support;

// alipay.trade.close: closes a trade waiting for the buyer. As at Alipay, a QR that has not been
// scanned is not a trade yet (ACQ.TRADE_NOT_EXIST) and stays payable: cancel is the call that stops it.
class TradeClose final : public MethodHandler
{
public:
    QString method() const override { return QStringLiteral("alipay.trade.close"); }

    ResponseNode handle(CallContext& context) override
    {
        auto found = existingTrade(context);
        if (!found)
            return refusal(found.error());
        if (found->status != Trade::Status::WaitBuyerPay)
            return refusal(refusals::kTradeStatusError.toError());
        auto closed = context.acquirer.close(*found, QStringLiteral("closed by the merchant"));
        if (!closed)
            return refusal(closed.error());
        return ResponseNode::success()
            .set(QStringLiteral("trade_no"), closed->tradeNo)
            .set(QStringLiteral("out_trade_no"), closed->outTradeNo);
    }
};

} // namespace

std::unique_ptr<MethodHandler> makeTradeClose()
{
    return std::make_unique<TradeClose>();
}

} // namespace counterpay::sandbox
