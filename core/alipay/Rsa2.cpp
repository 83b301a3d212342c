#include "alipay/Rsa2.h"

#include <QVarLengthArray>

namespace counterpay::alipay {

namespace {

int base64Value(char16_t c)
{
    if (c >= u'A' && c <= u'Z')
        return c - u'A';
    if (c >= u'a' && c <= u'z')
        return c - u'a' + 26;
    if (c >= u'0' && c <= u'9')
        return c - u'0' + 52;
    if (c == u'+')
        return 62;
    if (c == u'/')
        return 63;
    return -1;
}

// Only the one form Alipay sends: padded standard base64 on one line, and only its canonical
// spelling (padding exactly where the length needs it, unused bits zero), so line breaks, blanks,
// missing padding, the URL-safe alphabet and stray bits are all refused. Decoded straight from the
// UTF-16 text without a heap allocation: this runs for every verification.
bool decodeSignature(QStringView text, QVarLengthArray<char, 512>& out)
{
    if (text.isEmpty() || text.size() % 4 != 0)
        return false;
    const qsizetype padding = text.endsWith(u"==") ? 2 : text.endsWith(u'=') ? 1 : 0;
    quint32 buffer = 0;
    int bits = 0;
    for (const QChar c : text.first(text.size() - padding)) {
        const int value = base64Value(c.unicode());
        if (value < 0)
            return false;
        buffer = (buffer << 6) | static_cast<quint32>(value);
        bits += 6;
        if (bits >= 8) {
            bits -= 8;
            out.append(static_cast<char>((buffer >> bits) & 0xff));
        }
    }
    return (buffer & ((1u << bits) - 1)) == 0;
}

} // namespace

Result<QString> Rsa2::sign(const PrivateKey& key, QByteArrayView content)
{
    auto signature = key.signSha256(content);
    if (!signature)
        return signature.error();
    return QString::fromLatin1(signature->toBase64());
}

bool Rsa2::verify(const PublicKey& key, QByteArrayView content, QStringView signatureBase64)
{
    QVarLengthArray<char, 512> signature;
    if (!decodeSignature(signatureBase64, signature))
        return false;
    return key.verifySha256(content, QByteArrayView(signature.constData(), signature.size()));
}

} // namespace counterpay::alipay
