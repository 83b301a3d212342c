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
    // Only the one form Alipay sends: padded standard base64 on one line. Re-encoding the decoded
    // bytes must give the text back, which refuses line breaks, blanks, missing padding, the URL-safe
    // alphabet and stray bits alike.
    const QByteArray encoded = signatureBase64.toLatin1();
    const auto decoded = QByteArray::fromBase64Encoding(encoded, QByteArray::AbortOnBase64DecodingErrors);
    if (!decoded || decoded.decoded.toBase64() != encoded)
        return false;
    return key.verifySha256(content, decoded.decoded);
}

} // namespace counterpay::alipay
