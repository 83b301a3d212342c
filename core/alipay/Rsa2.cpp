#include "alipay/Rsa2.h"

namespace counterpay::alipay {

Result<QString> Rsa2::sign(const PrivateKey& key, QByteArrayView content)
{
    auto signature = key.signSha256(content);
    if (!signature)
        return signature.error();
    return QString::fromLatin1(signature->toBase64());
}

bool Rsa2::verify(const PublicKey& key, QByteArrayView content, QStringView signatureBase64)
{
    if (signatureBase64.isEmpty())
        return false;
    const auto decoded =
        QByteArray::fromBase64Encoding(signatureBase64.toLatin1(), QByteArray::AbortOnBase64DecodingErrors);
    if (!decoded)
        return false;
    return key.verifySha256(content, decoded.decoded);
}

} // namespace counterpay::alipay
