#include "alipay/GatewayAnswer.h"

#include "alipay/TradeFields.h"

#include <QCoreApplication>

namespace counterpay::alipay {

Error GatewayAnswer::toError(const VerifiedResponse& response)
{
    const QString code = response.code();
    const QString subCode = response.subCode();
    // Alipay's text may echo our request, payment code included (isv.invalid-signature quotes the
    // string it verified): it is masked before it becomes a message or log detail.
    const QString msg = TradeFields::maskAuthCodes(response.msg());
    const QString subMsg = TradeFields::maskAuthCodes(response.subMsg());
    const QString alipaySays = subMsg.isEmpty() ? msg : subMsg;
    QString detail = QStringLiteral("code=%1 msg=%2 sub_code=%3 sub_msg=%4").arg(code, msg, subCode, subMsg);
    if (!response.signatureVerified)
        detail += QStringLiteral(" (unsigned reply)");

    Error::Category category = Error::Category::Gateway;
    QString message = alipaySays;
    if (code == QLatin1String(kServiceUnavailable)) {
        category = Error::Category::Unknown;
        message = tr("Alipay is busy and did not say how the request ended; the order must be queried");
    } else if (code == QLatin1String(kBusinessFailed) || code == u"40003") {
        category = Error::Category::Business;
    } else if (code == u"40002" && subCode.startsWith(QStringLiteral("isv.invalid-signature"))) {
        category = Error::Category::Config;
        message = tr("Alipay rejected our signature: the app public key uploaded to Alipay does not match this "
                     "app private key (or the wrong app id is set)");
    } else if (code == u"40002" && (subCode == u"isv.invalid-app-id" || subCode == u"isv.invalid-timestamp" ||
                                    subCode.startsWith(QStringLiteral("isv.invalid-encrypt")) ||
                                    subCode.startsWith(QStringLiteral("isv.app-cert")) ||
                                    subCode.startsWith(QStringLiteral("isv.alipay-root-cert")))) {
        category = Error::Category::Config;
    } else if (code == u"40002") {
        category = Error::Category::Input;
    } else if (code == u"40006" || code == u"20001") {
        category = Error::Category::Config;
        if (code == u"40006")
            message = tr("this app has no permission for this Alipay product (sign the Face-to-Face product "
                         "and check the app's permissions): %1")
                          .arg(alipaySays);
    }
    if (message.isEmpty())
        message = tr("Alipay refused the request (code %1)").arg(code);
    return Error(category, message, detail, code, subCode);
}

} // namespace counterpay::alipay
