#include "alipay/PrivateKey.h"

#include "alipay/KeyText.h"
#include "alipay/PreparedKey.h"

#include <QCoreApplication>
#include <QFile>

#include <openssl/pem.h>
#include <openssl/rsa.h>

namespace counterpay::alipay {

namespace {

Error keyError(const QString& origin, const QString& message, const QString& detail = {})
{
    return Error::config(message, detail).withContext(origin);
}

} // namespace

Result<PrivateKey> PrivateKey::fromText(const QByteArray& text, const QString& origin)
{
    const KeyText keyText = KeyText::classify(text);
    if (keyText.form == KeyText::Form::Unreadable)
        return keyError(origin, tr("this is not a private key (expected PEM or the base64 text of the key)"));
    if (keyText.form == KeyText::Form::Pem) {
        if (keyText.pemLabel == "ENCRYPTED PRIVATE KEY")
            return keyError(origin, tr("the private key is protected by a passphrase; store it unencrypted PKCS#8"));
        if (keyText.pemLabel == "PUBLIC KEY" || keyText.pemLabel == "RSA PUBLIC KEY" ||
            keyText.pemLabel == "CERTIFICATE")
            return keyError(origin, tr("this is a public key or certificate; the app's private key belongs here"));
        if (keyText.pemLabel != "PRIVATE KEY" && keyText.pemLabel != "RSA PRIVATE KEY")
            return keyError(origin, tr("unexpected PEM block \"%1\"").arg(QString::fromLatin1(keyText.pemLabel)));
    }

    ossl::PKey key;
    if (keyText.form == KeyText::Form::Pem) {
        auto bio = ossl::memoryBio(keyText.bytes);
        key.reset(PEM_read_bio_PrivateKey(bio.get(), nullptr, ossl::noPassphrase, nullptr));
    } else {
        // d2i_AutoPrivateKey reads both PKCS#8 and PKCS#1 DER.
        const auto* p = reinterpret_cast<const unsigned char*>(keyText.bytes.constData());
        key.reset(d2i_AutoPrivateKey(nullptr, &p, static_cast<long>(keyText.bytes.size())));
    }
    if (!key) {
        const QString detail = ossl::lastError();
        if (keyText.form == KeyText::Form::Base64Der) {
            const auto* p = reinterpret_cast<const unsigned char*>(keyText.bytes.constData());
            ossl::PKey pub(d2i_PUBKEY(nullptr, &p, static_cast<long>(keyText.bytes.size())));
            ossl::lastError();
            if (pub)
                return keyError(origin, tr("this is a public key; the app's private key belongs here"));
        }
        return keyError(origin, tr("the private key cannot be read"), detail);
    }
    if (EVP_PKEY_get_base_id(key.get()) != EVP_PKEY_RSA)
        return keyError(origin, tr("not an RSA key (RSA2 needs an RSA key)"));
    if (EVP_PKEY_get_bits(key.get()) < kMinimumBits)
        return keyError(origin, tr("the key has %1 bits; RSA2 needs at least 2048").arg(EVP_PKEY_get_bits(key.get())));

    PrivateKey result;
    result.m_key = ossl::ownPrepared(key.release(), ossl::KeyUse::Sign);
    return result;
}

Result<PrivateKey> PrivateKey::fromFile(const QString& path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return keyError(path, tr("cannot open the key file"), file.errorString());
    return fromText(file.readAll(), path);
}

Result<PrivateKey> PrivateKey::generate(int bits)
{
    if (bits < kMinimumBits)
        return Error::config(tr("RSA2 keys need at least 2048 bits"));
    EVP_PKEY* raw = EVP_RSA_gen(static_cast<unsigned int>(bits));
    if (!raw)
        return Error::config(tr("could not generate an RSA key"), ossl::lastError());
    PrivateKey result;
    result.m_key = ossl::ownPrepared(raw, ossl::KeyUse::Sign);
    return result;
}

int PrivateKey::bits() const
{
    return m_key ? EVP_PKEY_get_bits(m_key.get()) : 0;
}

Result<QByteArray> PrivateKey::signSha256(QByteArrayView data) const
{
    if (!m_key)
        return Error::config(tr("no private key is loaded"));
    const ossl::PKeyCtx ctx = ossl::operationContext(m_key, ossl::KeyUse::Sign);
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int digestSize = 0;
    size_t length = static_cast<size_t>(EVP_PKEY_get_size(m_key.get()));
    QByteArray signature(static_cast<qsizetype>(length), Qt::Uninitialized);
    if (!ctx ||
        EVP_Digest(data.data(), static_cast<size_t>(data.size()), digest, &digestSize, ossl::sha256(), nullptr) != 1 ||
        EVP_PKEY_sign(ctx.get(), reinterpret_cast<unsigned char*>(signature.data()), &length, digest, digestSize) != 1)
        return Error::config(tr("signing failed"), ossl::lastError());
    signature.resize(static_cast<qsizetype>(length));
    return signature;
}

PublicKey PrivateKey::publicKey() const
{
    if (!m_key)
        return {};
    // Round-trip through SPKI DER so the public copy holds no private material.
    unsigned char* der = nullptr;
    const int size = i2d_PUBKEY(m_key.get(), &der);
    if (size <= 0)
        return {};
    const unsigned char* p = der;
    EVP_PKEY* pub = d2i_PUBKEY(nullptr, &p, size);
    OPENSSL_free(der);
    return pub ? PublicKey::adopt(pub) : PublicKey();
}

QByteArray PrivateKey::toPkcs8Pem() const
{
    if (!m_key)
        return {};
    ossl::Bio bio(BIO_new(BIO_s_mem()));
    PEM_write_bio_PrivateKey(bio.get(), m_key.get(), nullptr, nullptr, 0, nullptr, nullptr);
    return ossl::bioContents(bio.get());
}

} // namespace counterpay::alipay
