#include "notify/NotifyVerifier.h"

#include "alipay/FormCodec.h"
#include "alipay/Rsa2.h"
#include "alipay/SignContent.h"

#include <QCoreApplication>
#include <QCryptographicHash>

namespace counterpay::notify {

namespace {

Result<Money> amount(const alipay::Params& params, const QString& key)
{
    auto money = Money::parse(params.value(key), Money::Kind::NonNegative);
    if (!money)
        return Error::input(NotifyVerifier::tr("the notification's %1 is not an amount").arg(key),
                            money.error().message());
    return money;
}

} // namespace

bool Notification::meansPaid() const
{
    return tradeStatus == QLatin1String("TRADE_SUCCESS") || tradeStatus == QLatin1String("TRADE_FINISHED");
}

NotifyVerifier::NotifyVerifier(alipay::PublicKey alipayPublicKey, QString appId)
    : m_alipayPublicKey(std::move(alipayPublicKey))
    , m_appId(std::move(appId))
{}

Result<Notification> NotifyVerifier::verify(QByteArrayView body) const
{
    // Decoded exactly once: a second decode would turn a literal "%2B" into "+" and the signed
    // content would no longer be what Alipay signed.
    auto decoded = alipay::FormCodec::decode(body);
    if (!decoded)
        return Error::input(tr("the notification is not a well-formed form"), decoded.error().message());
    const alipay::Params& params = *decoded;

    const QString sign = params.value(QStringLiteral("sign"));
    if (sign.isEmpty())
        return Error::security(tr("the notification is not signed and is ignored"));
    // Payment notifications are RSA2 (SHA256withRSA); an RSA (SHA1) one is not accepted.
    if (params.contains(QStringLiteral("sign_type")) && params.value(QStringLiteral("sign_type")) != u"RSA2")
        return Error::security(tr("the notification is signed with \"%1\"; only RSA2 is accepted")
                                   .arg(params.value(QStringLiteral("sign_type"))));

    // Alipay's rule for payment notifications (the Java SDK's rsaCheckV1, EasySDK's verifyParams):
    // every parameter but sign and sign_type, sorted, joined raw.
    const QByteArray content = alipay::SignContent::forNotification(params);
    if (!alipay::Rsa2::verify(m_alipayPublicKey, content, sign)) {
        const QString fingerprint = QString::fromLatin1(
            QCryptographicHash::hash(m_alipayPublicKey.toSpkiDer(), QCryptographicHash::Sha256).toHex().left(16));
        return Error::security(
            tr("the notification does not carry a valid Alipay signature and is ignored"),
            QStringLiteral("RSA2 over %1 bytes of %2 parameters did not verify with Alipay key %3")
                .arg(QString::number(content.size()), QString::number(params.size() - 1), fingerprint));
    }

    Notification notification;
    notification.params = params;
    notification.appId = params.value(QStringLiteral("app_id"));
    if (notification.appId != m_appId)
        return Error::security(
            tr("the notification is for app %1, not this app (%2)").arg(notification.appId, m_appId));

    for (const auto* key : {"out_trade_no", "trade_status", "total_amount"}) {
        if (params.value(QLatin1String(key)).isEmpty())
            return Error::input(tr("the notification has no %1").arg(QLatin1String(key)));
    }
    auto total = amount(params, QStringLiteral("total_amount"));
    if (!total)
        return total.error();
    notification.totalAmount = *total;
    if (!params.value(QStringLiteral("receipt_amount")).isEmpty()) {
        auto receipt = amount(params, QStringLiteral("receipt_amount"));
        if (!receipt)
            return receipt.error();
        notification.receiptAmount = *receipt;
    }

    notification.outTradeNo = params.value(QStringLiteral("out_trade_no"));
    notification.tradeNo = params.value(QStringLiteral("trade_no"));
    notification.tradeStatus = params.value(QStringLiteral("trade_status"));
    notification.notifyId = params.value(QStringLiteral("notify_id"));
    notification.notifyTime = params.value(QStringLiteral("notify_time"));
    notification.notifyType = params.value(QStringLiteral("notify_type"));
    notification.buyerId = params.value(QStringLiteral("buyer_id"));
    if (notification.buyerId.isEmpty())
        notification.buyerId = params.value(QStringLiteral("buyer_open_id"));
    notification.sellerId = params.value(QStringLiteral("seller_id"));
    notification.gmtCreate = params.value(QStringLiteral("gmt_create"));
    notification.gmtPayment = params.value(QStringLiteral("gmt_payment"));
    return notification;
}

} // namespace counterpay::notify
