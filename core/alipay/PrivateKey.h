#pragma once

#include "alipay/PublicKey.h"
#include "common/Result.h"

#include <QByteArray>
#include <QByteArrayView>
#include <QCoreApplication>
#include <QString>

#include <memory>

struct evp_pkey_st;

namespace counterpay::alipay {

// The app's RSA private key. Copies share one immutable OpenSSL key; signing is thread-safe.
class PrivateKey
{
    Q_DECLARE_TR_FUNCTIONS(PrivateKey)

public:
    static constexpr int kMinimumBits = 2048; // RSA2 as Alipay defines it

    PrivateKey() = default;

    // Accepts PEM "PRIVATE KEY" (PKCS#8), "RSA PRIVATE KEY" (PKCS#1), or the bare base64 body that
    // Alipay's key tool writes, with or without line breaks. A wrong, encrypted, non-RSA or short key
    // is a Config error naming `origin`.
    static Result<PrivateKey> fromText(const QByteArray& text, const QString& origin);
    static Result<PrivateKey> fromFile(const QString& path);
    static Result<PrivateKey> generate(int bits = 2048);

    bool isNull() const { return !m_key; }
    int bits() const;

    // SHA256withRSA (PKCS#1 v1.5); raw signature bytes.
    Result<QByteArray> signSha256(QByteArrayView data) const;

    PublicKey publicKey() const;
    QByteArray toPkcs8Pem() const;

private:
    std::shared_ptr<evp_pkey_st> m_key;
};

} // namespace counterpay::alipay
