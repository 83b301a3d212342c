#include "Refusal.h"
#include "alipay/TradeFields.h"
#include "methods/MethodSupport.h"
#include "methods/Methods.h"

#include <QCryptographicHash>
#include <QRandomGenerator>

namespace counterpay::sandbox {

namespace {

using namespace support;

// The QR is valid for 2 hours unless qr_code_timeout_express says otherwise; an unpaid trade closes
// after timeout_express, here 2 hours too by default.
constexpr qint64 kDefaultTimeoutSeconds = qint64{2} * 3600;

QString newQrToken()
{
    static constexpr char kAlphabet[] = "0123456789abcdefghijklmnopqrstuvwxyz";
    QString token = QStringLiteral("bax");
    for (int i = 0; i < 21; ++i)
        token += QLatin1Char(kAlphabet[QRandomGenerator::system()->bounded(36)]);
    return token;
}

// alipay.trade.precreate: a QR for the customer to scan. The trade does not exist at Alipay until it is
// scanned. Resending the same out_trade_no with the same parameters returns the same QR.
class TradePrecreate final : public MethodHandler
{
public:
    QString method() const override { return QStringLiteral("alipay.trade.precreate"); }

    ResponseNode handle(CallContext& context) override
    {
        const QString outTradeNo = context.biz("out_trade_no");
        if (!alipay::TradeFields::isMerchantNumber(outTradeNo))
            return invalidParameter(QStringLiteral("out_trade_no 须为 1 到 64 位字母、数字、下划线或连字符"));
        const std::optional<Money> total = chargeAmount(context.biz("total_amount"));
        if (!total)
            return invalidParameter(QStringLiteral("total_amount 须在 0.01 到 100000000.00 之间，最多两位小数"));
        const QString subject = context.biz("subject");
        if (subject.isEmpty() || alipay::TradeFields::characterCount(subject) > alipay::TradeFields::kMaxSubjectLength)
            return invalidParameter(QStringLiteral("subject 不能为空，最长 256 个字符"));
        const QString sellerId = context.biz("seller_id");
        if (!sellerId.isEmpty() && sellerId != context.gateway.sellerId)
            return invalidParameter(QStringLiteral("seller_id 不是本应用的商户"));

        const QDateTime now = context.acquirer.now();
        const auto expiresAt = expiryFrom(context.biz("timeout_express"), now, kDefaultTimeoutSeconds);
        const auto qrExpiresAt = expiryFrom(context.biz("qr_code_timeout_express"), now, kDefaultTimeoutSeconds);
        if (!expiresAt || !qrExpiresAt)
            return invalidParameter(
                QStringLiteral("timeout_express / qr_code_timeout_express 格式为 1m 到 15d，或 1c"));

        Trade trade;
        trade.appId = context.appId();
        trade.outTradeNo = outTradeNo;
        trade.scene = Trade::Scene::QrCode;
        trade.total = *total;
        trade.subject = subject;
        trade.body = context.biz("body");
        trade.storeId = context.biz("store_id");
        trade.terminalId = context.biz("terminal_id");
        trade.operatorId = context.biz("operator_id");
        trade.requestDigest = digest(trade);
        trade.notifyUrl = context.call.params.value(QStringLiteral("notify_url"));
        trade.createdAt = now;
        trade.expiresAt = *expiresAt;
        trade.qrExpiresAt = std::min(*qrExpiresAt, *expiresAt);

        auto existing = context.acquirer.trades().find(trade.appId, outTradeNo);
        if (!existing)
            return refusal(existing.error());
        if (*existing) {
            const Trade& earlier = **existing;
            if (earlier.scene != Trade::Scene::QrCode || earlier.requestDigest != trade.requestDigest)
                return refusal(refusals::kContextInconsistent.toError());
            if (earlier.isPaid())
                return refusal(refusals::kTradeHasSuccess.toError());
            if (earlier.status == Trade::Status::Closed)
                return refusal(refusals::kTradeHasClose.toError());
            return answer(context, earlier);
        }
        trade.qrToken = newQrToken();
        auto created = context.acquirer.trades().create(trade);
        if (!created)
            return refusal(created.error());
        return answer(context, *created);
    }

private:
    static QString digest(const Trade& trade)
    {
        const QString text = QString::number(trade.total.fen()) + u'\n' + trade.subject + u'\n' + trade.body + u'\n' +
                             trade.storeId + u'\n' + trade.terminalId + u'\n' + trade.operatorId;
        return QString::fromLatin1(QCryptographicHash::hash(text.toUtf8(), QCryptographicHash::Sha256).toHex());
    }

    static ResponseNode answer(const CallContext& context, const Trade& trade)
    {
        QUrl qr = context.baseUrl;
        qr.setPath(QStringLiteral("/qr/") + trade.qrToken);
        return ResponseNode::success()
            .set(QStringLiteral("out_trade_no"), trade.outTradeNo)
            .set(QStringLiteral("qr_code"), qr.toString());
    }
};

} // namespace

std::unique_ptr<MethodHandler> makeTradePrecreate()
{
    return std::make_unique<TradePrecreate>();
}

} // namespace counterpay::sandbox
