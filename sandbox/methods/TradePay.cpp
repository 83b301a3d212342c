#include "AuthCodeScenario.h"
#include "Refusal.h"
#include "alipay/TradeFields.h"
#include "methods/MethodSupport.h"
#include "methods/Methods.h"

#include <QCryptographicHash>

namespace counterpay::sandbox {

namespace {

using namespace support;

constexpr qint64 kDefaultTimeoutSeconds = qint64{2} * 3600;

ResponseNode& withAmounts(ResponseNode& node, const Trade& trade)
{
    const QString paid = trade.isPaid() ? trade.total.toString() : Money().toString();
    node.set(QStringLiteral("total_amount"), trade.total.toString())
        .set(QStringLiteral("receipt_amount"), paid)
        .set(QStringLiteral("buyer_pay_amount"), paid)
        .set(QStringLiteral("point_amount"), Money().toString())
        .set(QStringLiteral("invoice_amount"), paid);
    return node;
}

// alipay.trade.pay (scene=bar_code): the cashier scans the customer's payment code. The test codes of
// AuthCodeScenario choose what happens; every other valid code pays at once.
class TradePay final : public MethodHandler
{
public:
    QString method() const override { return QStringLiteral("alipay.trade.pay"); }

    ResponseNode handle(CallContext& context) override
    {
        const QString outTradeNo = context.biz("out_trade_no");
        if (!alipay::TradeFields::isMerchantNumber(outTradeNo))
            return invalidParameter(QStringLiteral("out_trade_no 须为 1 到 64 位字母、数字、下划线或连字符"));
        const QString scene = context.biz("scene");
        if (scene != u"bar_code" && scene != u"wave_code")
            return invalidParameter(QStringLiteral("scene 须为 bar_code 或 wave_code"));
        const QString authCode = context.biz("auth_code");
        if (authCode.isEmpty())
            return invalidParameter(QStringLiteral("auth_code 不能为空"));
        const std::optional<Money> total = chargeAmount(context.biz("total_amount"));
        if (!total)
            return invalidParameter(QStringLiteral("total_amount 须在 0.01 到 100000000.00 之间，最多两位小数"));
        const QString subject = context.biz("subject");
        if (subject.isEmpty() || alipay::TradeFields::characterCount(subject) > alipay::TradeFields::kMaxSubjectLength)
            return invalidParameter(QStringLiteral("subject 不能为空，最长 256 个字符"));
        const QDateTime now = context.acquirer.now();
        const auto expiresAt = expiryFrom(context.biz("timeout_express"), now, kDefaultTimeoutSeconds);
        if (!expiresAt)
            return invalidParameter(QStringLiteral("timeout_express 格式为 1m 到 15d，或 1c"));

        Trade trade;
        trade.appId = context.appId();
        trade.outTradeNo = outTradeNo;
        trade.scene = Trade::Scene::BarCode;
        trade.total = *total;
        trade.subject = subject;
        trade.body = context.biz("body");
        trade.storeId = context.biz("store_id");
        trade.terminalId = context.biz("terminal_id");
        trade.operatorId = context.biz("operator_id");
        trade.requestDigest = digest(trade, authCode);
        trade.notifyUrl = context.call.params.value(QStringLiteral("notify_url"));
        trade.createdAt = now;
        trade.expiresAt = *expiresAt;

        auto existing = context.acquirer.trades().find(trade.appId, outTradeNo);
        if (!existing)
            return refusal(existing.error());
        if (*existing)
            return repeated(context, **existing, trade);

        const AuthCodeScenario scenario = AuthCodeScenario::fromAuthCode(authCode);
        switch (scenario.outcome) {
        case AuthCodeScenario::Outcome::InvalidCode:
            return failed(refusals::kAuthCodeInvalid, outTradeNo);
        case AuthCodeScenario::Outcome::InsufficientBalance:
            return failed(refusals::kBuyerBalanceNotEnough, outTradeNo);
        case AuthCodeScenario::Outcome::UnknownNotPaid:
            return ResponseNode::serviceUnavailable();
        case AuthCodeScenario::Outcome::UnknownPaid:
        case AuthCodeScenario::Outcome::PaidAtOnce:
        case AuthCodeScenario::Outcome::PaidAfterDelay:
        case AuthCodeScenario::Outcome::NeverPaid:
        case AuthCodeScenario::Outcome::DeclinedAfterDelay:
            break;
        }

        auto created = context.acquirer.trades().create(trade);
        if (!created)
            return refusal(created.error());
        auto opened = context.acquirer.scan(*created);
        if (!opened)
            return refusal(opened.error());
        Trade current = *opened;
        switch (scenario.outcome) {
        case AuthCodeScenario::Outcome::PaidAtOnce:
        case AuthCodeScenario::Outcome::UnknownPaid: {
            auto paid = context.acquirer.pay(current);
            if (!paid)
                return refusal(paid.error());
            if (scenario.outcome == AuthCodeScenario::Outcome::UnknownPaid)
                return ResponseNode::serviceUnavailable(); // paid, but the answer says "unknown"
            return answer(ResponseNode::success(), *paid);
        }
        case AuthCodeScenario::Outcome::PaidAfterDelay:
        case AuthCodeScenario::Outcome::DeclinedAfterDelay: {
            const bool pays = scenario.outcome == AuthCodeScenario::Outcome::PaidAfterDelay;
            auto scheduled = context.acquirer.trades().schedule(
                current, now.addSecs(scenario.delaySeconds), pays ? QStringLiteral("pay") : QStringLiteral("decline"));
            if (!scheduled)
                return refusal(scheduled.error());
            return answer(ResponseNode::inProcess(), *scheduled);
        }
        default:
            return answer(ResponseNode::inProcess(), current);
        }
    }

private:
    static QString digest(const Trade& trade, const QString& authCode)
    {
        const QString text = QString::number(trade.total.fen()) + u'\n' + trade.subject + u'\n' + trade.body + u'\n' +
                             trade.storeId + u'\n' + trade.terminalId + u'\n' + trade.operatorId + u'\n' + authCode;
        return QString::fromLatin1(QCryptographicHash::hash(text.toUtf8(), QCryptographicHash::Sha256).toHex());
    }

    static ResponseNode failed(const Refusal& why, const QString& outTradeNo)
    {
        ResponseNode node =
            ResponseNode::businessFailed(QString::fromLatin1(why.subCode), QString::fromUtf8(why.subMsg));
        const QString zero = Money().toString();
        return node.set(QStringLiteral("out_trade_no"), outTradeNo)
            .set(QStringLiteral("buyer_pay_amount"), zero)
            .set(QStringLiteral("invoice_amount"), zero)
            .set(QStringLiteral("point_amount"), zero)
            .set(QStringLiteral("receipt_amount"), zero);
    }

    static ResponseNode answer(ResponseNode node, const Trade& trade)
    {
        node.set(QStringLiteral("trade_no"), trade.tradeNo)
            .set(QStringLiteral("out_trade_no"), trade.outTradeNo)
            .set(QStringLiteral("buyer_logon_id"), trade.buyerLogonId);
        withAmounts(node, trade);
        if (trade.isPaid()) {
            node.set(QStringLiteral("gmt_payment"), time(trade.paidAt))
                .set(QStringLiteral("fund_bill_list"), fundBillList(trade.total));
        }
        return node.set(QStringLiteral("buyer_user_id"), trade.buyerId);
    }

    // The same out_trade_no again: a retry after a lost answer, or a mistake.
    static ResponseNode repeated(CallContext& context, const Trade& earlier, const Trade& now)
    {
        Q_UNUSED(context);
        if (earlier.scene != Trade::Scene::BarCode || earlier.requestDigest != now.requestDigest)
            return refusal(refusals::kContextInconsistent.toError());
        if (earlier.isPaid())
            return refusal(refusals::kTradeHasSuccess.toError());
        if (earlier.status == Trade::Status::Closed)
            return refusal(refusals::kTradeHasClose.toError());
        return answer(ResponseNode::inProcess(), earlier);
    }
};

} // namespace

std::unique_ptr<MethodHandler> makeTradePay()
{
    return std::make_unique<TradePay>();
}

} // namespace counterpay::sandbox
