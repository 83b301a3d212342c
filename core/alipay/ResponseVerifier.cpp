#include "alipay/ResponseVerifier.h"

#include "alipay/ResponseScanner.h"
#include "alipay/Rsa2.h"
#include "common/Utf8.h"

#include <QCoreApplication>
#include <QCryptographicHash>
#include <QJsonDocument>
#include <QJsonParseError>
#include <QJsonValue>
#include <QStringDecoder>

namespace counterpay::alipay {

namespace {

constexpr auto kSuccessCode = "10000";

QString textField(const QJsonObject& node, QLatin1String key)
{
    const QJsonValue value = node.value(key);
    if (value.isDouble())
        return QString::number(value.toInteger());
    return value.toString();
}

// Identifies the key in log detail without revealing anything: public keys are not secret, and the
// commonest field failure is the app's own public key pasted where Alipay's belongs.
QString keyFingerprint(const PublicKey& key)
{
    return QString::fromLatin1(QCryptographicHash::hash(key.toSpkiDer(), QCryptographicHash::Sha256).toHex().left(16));
}

// The node as text. Its bytes were verified as received; only now is a GBK reply (charset=GBK, and
// some gateway error pages) decoded, so that decoding can never change what was checked.
Result<QJsonObject> parseObject(QByteArrayView raw, const QString& member)
{
    std::optional<QString> utf8 = Utf8::decodeStrict(raw);
    QString text = utf8.value_or(QString());
    if (!utf8) {
        QStringDecoder gbk("GB18030", QStringDecoder::Flag::Stateless);
        if (!gbk.isValid())
            return Error::gateway(ResponseVerifier::tr("the gateway's reply is neither UTF-8 nor GBK text"));
        text = gbk(raw);
        if (gbk.hasError())
            return Error::gateway(ResponseVerifier::tr("the gateway's reply is neither UTF-8 nor GBK text"));
    }
    QJsonParseError parseError;
    const QJsonDocument document = Utf8::parseJson(text.toUtf8(), &parseError);
    if (parseError.error != QJsonParseError::NoError || !document.isObject())
        return Error::gateway(
            ResponseVerifier::tr("the gateway's reply has a \"%1\" that is not a JSON object").arg(member),
            parseError.errorString());
    return document.object();
}

} // namespace

QString VerifiedResponse::code() const
{
    return textField(node, QLatin1String("code"));
}

QString VerifiedResponse::msg() const
{
    return textField(node, QLatin1String("msg"));
}

QString VerifiedResponse::subCode() const
{
    return textField(node, QLatin1String("sub_code"));
}

QString VerifiedResponse::subMsg() const
{
    return textField(node, QLatin1String("sub_msg"));
}

ResponseVerifier::ResponseVerifier(PublicKey alipayPublicKey)
    : m_alipayPublicKey(std::move(alipayPublicKey))
{}

void ResponseVerifier::setExpectedCertSn(const QString& sn)
{
    m_expectedCertSn = sn;
}

void ResponseVerifier::setContentCipher(std::optional<ContentCipher> cipher)
{
    m_cipher = std::move(cipher);
}

Result<void> ResponseVerifier::checkCertSnNamed(const VerifiedResponse& response) const
{
    // Certificate mode: Alipay names the certificate it signed with. A reply that names none may only
    // ever say "no", as an unsigned one: a success must show it comes from the configured certificate.
    if (m_expectedCertSn.isEmpty() || !response.certSn.isEmpty())
        return {};
    const QString code = response.code();
    if (code.isEmpty() || code == QLatin1String(kSuccessCode))
        return Error::security(tr("the gateway's reply names no Alipay certificate (alipay_cert_sn), which certificate "
                                  "mode requires of a success; it is ignored"),
                               QStringLiteral("%1 with code \"%2\" and no alipay_cert_sn, expected %3")
                                   .arg(response.member, code, m_expectedCertSn));
    return {};
}

QByteArray ResponseVerifier::responseMemberFor(QStringView method)
{
    if (method.isEmpty())
        return {};
    QByteArray member;
    member.reserve(method.size() + 9);
    for (const QChar c : method) {
        const char16_t u = c.unicode();
        const bool plain = (u >= 'a' && u <= 'z') || (u >= 'A' && u <= 'Z') || (u >= '0' && u <= '9') || u == '_';
        if (u == '.')
            member += '_';
        else if (plain)
            member += static_cast<char>(u);
        else
            return {};
    }
    return member + "_response";
}

Result<VerifiedResponse> ResponseVerifier::verify(QByteArrayView body, QStringView method) const
{
    const QByteArray member = responseMemberFor(method);
    if (member.isEmpty())
        return Error::input(tr("\"%1\" is not an Alipay method name").arg(method));

    auto scanned = ResponseScanner::scan(body, member);
    if (!scanned)
        return scanned.error();
    const QString memberName = QString::fromLatin1(scanned->member);

    VerifiedResponse response;
    response.member = memberName;
    response.certSn = scanned->certSn.value_or(QString());
    // A reply signed with another certificate than the one configured means Alipay rotated its
    // certificate (or the reply is not Alipay's): say so rather than only "bad signature".
    if (!m_expectedCertSn.isEmpty() && scanned->certSn && *scanned->certSn != m_expectedCertSn)
        return Error::security(tr("the gateway's reply is signed with Alipay certificate %1, not the configured %2; "
                                  "download Alipay's current public key certificate")
                                   .arg(*scanned->certSn, m_expectedCertSn));

    if (scanned->sign) {
        // For an encrypted reply the Java SDK signs the string token with its quotes
        // (AlipaySignature.extractJsonBase64ValueEndPosition); rawNode holds exactly that.
        QByteArray signedBytes = scanned->rawNode;
        bool verified = Rsa2::verify(m_alipayPublicKey, signedBytes, *scanned->sign);
        if (!verified && signedBytes.contains("\\/")) {
            // Alipay's Java SDK (AbstractAlipayClient.checkResponseSign, "针对JSON \/问题") retries
            // with "\/" unescaped: the gateway may sign the text before JSON-escaping its slashes.
            // It is the same JSON, and the signature must still be Alipay's.
            signedBytes.replace("\\/", "/");
            verified = Rsa2::verify(m_alipayPublicKey, signedBytes, *scanned->sign);
        }
        if (!verified)
            return Error::security(
                tr("the gateway's reply does not carry a valid Alipay signature and is ignored "
                   "(is Alipay's public key configured, not the app's own?)"),
                QStringLiteral("RSA2 over %1 bytes of %2 did not verify with Alipay key %3")
                    .arg(QString::number(scanned->rawNode.size()), memberName, keyFingerprint(m_alipayPublicKey)));
        response.signatureVerified = true;
        response.signedBytes = signedBytes;
    }

    if (scanned->nodeKind == ScannedReply::NodeKind::String) {
        if (!response.signatureVerified)
            return Error::security(tr("the gateway's encrypted reply is not signed and is ignored"));
        if (!m_cipher)
            return Error::config(tr("the gateway's reply is AES-encrypted but no AES key is configured"));
        auto cipherText = ResponseScanner::unquote(scanned->rawNode);
        if (!cipherText)
            return cipherText.error();
        auto plain = m_cipher->decrypt(*cipherText);
        if (!plain)
            return Error(plain.error().category() == Error::Category::Input ? Error::Category::Gateway
                                                                            : plain.error().category(),
                         plain.error().message(), plain.error().detail());
        auto node = parseObject(*plain, memberName);
        if (!node)
            return node.error();
        response.node = *node;
        if (auto named = checkCertSnNamed(response); !named)
            return named.error();
        return response;
    }

    auto node = parseObject(scanned->rawNode, memberName);
    if (!node)
        return node.error();
    response.node = *node;
    if (!response.signatureVerified) {
        // Alipay leaves some error replies unsigned; such a reply may only ever say "no".
        const QString code = response.code();
        if (code.isEmpty() || code == QLatin1String(kSuccessCode))
            return Error::security(tr("the gateway's reply is not signed and does not report an error; it is ignored"),
                                   QStringLiteral("unsigned %1 with code \"%2\"").arg(memberName, code));
    }
    if (auto named = checkCertSnNamed(response); !named)
        return named.error();
    return response;
}

} // namespace counterpay::alipay
