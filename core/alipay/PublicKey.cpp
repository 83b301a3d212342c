#include "alipay/PublicKey.h"

#include "alipay/KeyText.h"
#include "alipay/PreparedKey.h"
#include "alipay/PrivateKey.h"

#include <QCoreApplication>
#include <QFile>

#include <openssl/pem.h>
#include <openssl/rsa.h>
#include <openssl/x509.h>

namespace counterpay::alipay {

namespace {

Error keyError(const QString& origin, const QString& message, const QString& detail = {})
{
    return Error::config(message, detail).withContext(origin);
}

EVP_PKEY* readPem(const KeyText& text)
{
    auto bio = ossl::memoryBio(text.bytes);
    if (text.pemLabel == "CERTIFICATE") {
        ossl::X509Ptr cert(PEM_read_bio_X509(bio.get(), nullptr, ossl::noPassphrase, nullptr));
        return cert ? X509_get_pubkey(cert.get()) : nullptr;
    }
    return PEM_read_bio_PUBKEY(bio.get(), nullptr, ossl::noPassphrase, nullptr);
}

EVP_PKEY* readDer(const QByteArray& der)
{
    const auto* p = reinterpret_cast<const unsigned char*>(der.constData());
    if (EVP_PKEY* key = d2i_PUBKEY(nullptr, &p, static_cast<long>(der.size())))
        return key;
    p = reinterpret_cast<const unsigned char*>(der.constData());
    return d2i_PublicKey(EVP_PKEY_RSA, nullptr, &p, static_cast<long>(der.size()));
}

} // namespace

Result<PublicKey> PublicKey::fromText(const QByteArray& text, const QString& origin)
{
    const KeyText keyText = KeyText::classify(text);
    if (keyText.form == KeyText::Form::Unreadable)
        return keyError(origin, tr("this is not a public key (expected PEM or the base64 text from Alipay's console)"));
    if (keyText.pemLabel.contains("PRIVATE KEY"))
        return keyError(origin, tr("this is a private key; a public key belongs here (keep the private key secret)"));
    if (keyText.form == KeyText::Form::Pem && keyText.pemLabel != "PUBLIC KEY" &&
        keyText.pemLabel != "RSA PUBLIC KEY" && keyText.pemLabel != "CERTIFICATE")
        return keyError(origin, tr("unexpected PEM block \"%1\"").arg(QString::fromLatin1(keyText.pemLabel)));

    ossl::PKey key(keyText.form == KeyText::Form::Pem ? readPem(keyText) : readDer(keyText.bytes));
    if (!key) {
        const QString detail = ossl::lastError();
        if (keyText.form == KeyText::Form::Base64Der) {
            // A bare base64 private key pasted where the public one belongs is the classic mix-up.
            const auto* p = reinterpret_cast<const unsigned char*>(keyText.bytes.constData());
            ossl::PKey priv(d2i_AutoPrivateKey(nullptr, &p, static_cast<long>(keyText.bytes.size())));
            ossl::lastError();
            if (priv)
                return keyError(origin,
                                tr("this is a private key; a public key belongs here (keep the private key secret)"));
        }
        return keyError(origin, tr("the public key cannot be read"), detail);
    }
    if (EVP_PKEY_get_base_id(key.get()) != EVP_PKEY_RSA)
        return keyError(origin, tr("not an RSA key (RSA2 needs an RSA key)"));
    // A 1024-bit key here is usually Alipay's old "RSA" (not RSA2) key pasted by mistake.
    if (EVP_PKEY_get_bits(key.get()) < PrivateKey::kMinimumBits)
        return keyError(origin, tr("the key has %1 bits; RSA2 needs at least 2048").arg(EVP_PKEY_get_bits(key.get())));
    return adopt(key.release());
}

Result<PublicKey> PublicKey::fromFile(const QString& path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return keyError(path, tr("cannot open the key file"), file.errorString());
    return fromText(file.readAll(), path);
}

PublicKey PublicKey::adopt(evp_pkey_st* key)
{
    PublicKey result;
    result.m_key = ossl::ownPrepared(key, ossl::KeyUse::Verify);
    return result;
}

int PublicKey::bits() const
{
    return m_key ? EVP_PKEY_get_bits(m_key.get()) : 0;
}

bool PublicKey::verifySha256(QByteArrayView data, QByteArrayView signature) const
{
    if (!m_key)
        return false;
    const ossl::PKeyCtx ctx = ossl::operationContext(m_key, ossl::KeyUse::Verify);
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int digestSize = 0;
    const bool ok =
        ctx &&
        EVP_Digest(data.data(), static_cast<size_t>(data.size()), digest, &digestSize, ossl::sha256(), nullptr) == 1 &&
        EVP_PKEY_verify(ctx.get(), reinterpret_cast<const unsigned char*>(signature.data()),
                        static_cast<size_t>(signature.size()), digest, digestSize) == 1;
    if (!ok)
        ossl::lastError();
    return ok;
}

QByteArray PublicKey::toSpkiDer() const
{
    if (!m_key)
        return {};
    unsigned char* der = nullptr;
    const int size = i2d_PUBKEY(m_key.get(), &der);
    if (size <= 0)
        return {};
    QByteArray result(reinterpret_cast<const char*>(der), size);
    OPENSSL_free(der);
    return result;
}

QByteArray PublicKey::toPem() const
{
    if (!m_key)
        return {};
    ossl::Bio bio(BIO_new(BIO_s_mem()));
    PEM_write_bio_PUBKEY(bio.get(), m_key.get());
    return ossl::bioContents(bio.get());
}

QByteArray PublicKey::toBase64Line() const
{
    return toSpkiDer().toBase64();
}

} // namespace counterpay::alipay
