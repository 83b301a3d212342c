#pragma once

#include "alipay/ContentCipher.h"
#include "alipay/PublicKey.h"
#include "common/Result.h"

#include <QByteArray>
#include <QByteArrayView>
#include <QCoreApplication>
#include <QJsonObject>
#include <QString>
#include <QStringView>

#include <optional>

namespace counterpay::alipay {

// A gateway reply whose origin has been checked. What its code means is the caller's to decide.
struct VerifiedResponse
{
    QJsonObject node;               // the response member, parsed (decrypted first when it was AES text)
    QByteArray signedBytes;         // the exact bytes whose signature was checked
    bool signatureVerified = false; // false only for an unsigned error reply
    QString certSn;                 // alipay_cert_sn when present
    QString member;                 // "alipay_trade_query_response" or "error_response"

    QString code() const;
    QString msg() const;
    QString subCode() const;
    QString subMsg() const;
    bool isSuccess() const { return code() == QLatin1String("10000"); }
};

// Verifies what the gateway answers (DESIGN.md §3): RSA2 with Alipay's public key over the raw bytes
// of the response member as received, before anything in it is believed.
class ResponseVerifier
{
    Q_DECLARE_TR_FUNCTIONS(ResponseVerifier)

public:
    explicit ResponseVerifier(PublicKey alipayPublicKey);

    // Certificate mode: a reply naming another alipay_cert_sn is a Security error, and so is a success
    // that names none (it is accepted only as an error, like an unsigned reply).
    void setExpectedCertSn(const QString& sn);
    // The key for encrypt_type=AES; a reply whose member is AES text is decrypted after verifying.
    void setContentCipher(std::optional<ContentCipher> cipher);

    // `method` "alipay.trade.query" reads member "alipay_trade_query_response", else "error_response".
    // Bad or missing signature on anything but an error, a repeated member, a foreign certificate:
    // Security. Not JSON, or no usable member: Gateway. Encrypted without a configured key: Config.
    Result<VerifiedResponse> verify(QByteArrayView body, QStringView method) const;

    // "alipay.trade.query" -> "alipay_trade_query_response"; empty for a name that is not a method.
    static QByteArray responseMemberFor(QStringView method);

private:
    Result<void> checkCertSnNamed(const VerifiedResponse& response) const;

    PublicKey m_alipayPublicKey;
    QString m_expectedCertSn;
    std::optional<ContentCipher> m_cipher;
};

} // namespace counterpay::alipay
