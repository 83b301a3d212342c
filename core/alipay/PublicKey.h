#pragma once

#include "common/Result.h"

#include <QByteArray>
#include <QByteArrayView>
#include <QCoreApplication>
#include <QString>

#include <memory>

struct evp_pkey_st;

namespace counterpay::alipay {

// An RSA public key: Alipay's (to verify its replies and notifications) or the app's own.
class PublicKey
{
    Q_DECLARE_TR_FUNCTIONS(PublicKey)

public:
    PublicKey() = default;

    // Accepts PEM "PUBLIC KEY" (SPKI), "RSA PUBLIC KEY" (PKCS#1), a PEM certificate (its key), or
    // the bare base64 body that Alipay's console shows. `origin` names the file in errors.
    static Result<PublicKey> fromText(const QByteArray& text, const QString& origin);
    static Result<PublicKey> fromFile(const QString& path);

    bool isNull() const { return !m_key; }
    int bits() const;

    // SHA256withRSA (PKCS#1 v1.5) over `data`; `signature` is raw bytes, not base64.
    bool verifySha256(QByteArrayView data, QByteArrayView signature) const;

    QByteArray toSpkiDer() const;
    QByteArray toPem() const;
    // The single base64 line Alipay's console asks for ("应用公钥").
    QByteArray toBase64Line() const;

    bool operator==(const PublicKey& other) const { return toSpkiDer() == other.toSpkiDer(); }

    // For the crypto files of core/alipay only.
    evp_pkey_st* handle() const { return m_key.get(); }
    static PublicKey adopt(evp_pkey_st* key);

private:
    std::shared_ptr<evp_pkey_st> m_key;
};

} // namespace counterpay::alipay
