#pragma once

#include "common/Result.h"

#include <QByteArray>
#include <QByteArrayView>
#include <QCoreApplication>
#include <QString>

namespace counterpay::alipay {

// Alipay's optional content encryption (encrypt_type=AES, "接口内容加密"): AES-CBC with an all-zero
// IV and PKCS#5/7 padding, cipher text in standard base64. The key is the base64 text Alipay's console
// shows. It is 16 bytes there; the Java SDK (SecretKeySpec) and the Node.js SDK (crypto-js) take 24
// and 32 bytes too, as AES-192/256, so this class does as well.
class ContentCipher
{
    Q_DECLARE_TR_FUNCTIONS(ContentCipher)

public:
    // A key that is not clean base64 of 16, 24 or 32 bytes is a Config error naming `origin`.
    static Result<ContentCipher> fromBase64Key(const QByteArray& text, const QString& origin);

    int keyBits() const { return static_cast<int>(m_key.size() * 8); }

    // Base64 of the cipher text, one line with padding.
    Result<QByteArray> encrypt(QByteArrayView plaintext) const;
    // Cipher text that is not base64 of whole blocks is an Input error; one that does not decrypt
    // (wrong key: the padding comes out wrong) is a Config error.
    Result<QByteArray> decrypt(QByteArrayView base64) const;

private:
    explicit ContentCipher(QByteArray key)
        : m_key(std::move(key))
    {}

    QByteArray m_key;
};

} // namespace counterpay::alipay
