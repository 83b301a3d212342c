#include "alipay/RequestBuilder.h"

#include "alipay/Rsa2.h"
#include "alipay/SignContent.h"
#include "alipay/Timestamp.h"
#include "common/Utf8.h"

namespace counterpay::alipay {

RequestBuilder::RequestBuilder(Identity identity, const Clock& clock)
    : m_identity(std::move(identity))
    , m_clock(&clock)
{}

Result<Params> RequestBuilder::build(const ApiRequest& request) const
{
    Params params{
        {QStringLiteral("app_id"), m_identity.appId},
        {QStringLiteral("method"), request.method},
        {QStringLiteral("format"), QStringLiteral("JSON")},
        {QStringLiteral("charset"), QStringLiteral("utf-8")},
        {QStringLiteral("sign_type"), QStringLiteral("RSA2")},
        {QStringLiteral("timestamp"), Timestamp::format(m_clock->now())},
        {QStringLiteral("version"), QStringLiteral("1.0")},
    };
    if (!request.notifyUrl.isEmpty())
        params.set(QStringLiteral("notify_url"), request.notifyUrl);
    if (!m_identity.appAuthToken.isEmpty())
        params.set(QStringLiteral("app_auth_token"), m_identity.appAuthToken);
    if (!m_identity.appCertSn.isEmpty()) {
        params.set(QStringLiteral("app_cert_sn"), m_identity.appCertSn);
        params.set(QStringLiteral("alipay_root_cert_sn"), m_identity.alipayRootCertSn);
    }

    QString bizContent = Utf8::decode(request.bizContent);
    if (m_identity.contentCipher) {
        auto encrypted = m_identity.contentCipher->encrypt(request.bizContent);
        if (!encrypted)
            return encrypted.error();
        bizContent = QString::fromLatin1(*encrypted);
        params.set(QStringLiteral("encrypt_type"), QStringLiteral("AES"));
    }
    params.set(QStringLiteral("biz_content"), bizContent);

    auto sign = Rsa2::sign(m_identity.privateKey, SignContent::forRequest(params));
    if (!sign)
        return sign.error();
    params.set(QStringLiteral("sign"), *sign);
    return params;
}

} // namespace counterpay::alipay
