#include "vault/EncryptedSecretFile.h"

#include "alipay/OpenSslHandles.h"
#include "vault/EncryptedKeyFile.h"

#include <QFile>
#include <QSaveFile>

// pem.h first: cms.h declares its PEM functions only when pem.h came before it.
#include <openssl/pem.h>

#include <openssl/cms.h>
#include <openssl/crypto.h>

namespace counterpay::vault {

namespace {

struct Free
{
    void operator()(CMS_ContentInfo* p) const { CMS_ContentInfo_free(p); }
};
using Envelope = std::unique_ptr<CMS_ContentInfo, Free>;

unsigned char* bytes(QByteArray& array)
{
    return reinterpret_cast<unsigned char*>(array.data());
}

} // namespace

Result<void> EncryptedSecretFile::write(const QByteArray& secret, const QByteArray& passphrase, const QString& path)
{
    if (passphrase.isEmpty())
        return Error::input(tr("an encrypted file needs a passphrase; an empty one protects nothing"));
    auto in = alipay::ossl::memoryBio(secret);
    Envelope envelope(CMS_encrypt(nullptr, in.get(), EVP_aes_256_cbc(), CMS_BINARY | CMS_PARTIAL));
    // The recipient takes the passphrase's buffer ("add0") and wipes and frees it with the envelope.
    auto* pass = static_cast<unsigned char*>(OPENSSL_memdup(passphrase.constData(), size_t(passphrase.size())));
    bool sealed = envelope && pass &&
                  CMS_add0_recipient_password(envelope.get(), kPbkdf2Iterations, NID_undef, NID_undef, pass,
                                              static_cast<ossl_ssize_t>(passphrase.size()), nullptr) != nullptr;
    if (!sealed)
        OPENSSL_clear_free(pass, size_t(passphrase.size()));
    sealed = sealed && CMS_final(envelope.get(), in.get(), nullptr, CMS_BINARY) == 1;
    alipay::ossl::Bio out(BIO_new(BIO_s_mem()));
    const bool encoded = sealed && PEM_write_bio_CMS(out.get(), envelope.get()) == 1;
    if (!encoded)
        return Error::config(tr("the secret could not be encrypted"), alipay::ossl::lastError()).withContext(path);

    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly))
        return Error::config(tr("cannot write the file"), file.errorString()).withContext(path);
    if (!file.setPermissions(QFile::ReadOwner | QFile::WriteOwner))
        return Error::config(tr("cannot restrict the file to its owner"), file.errorString()).withContext(path);
    file.write(alipay::ossl::bioContents(out.get()));
    if (!file.commit())
        return Error::config(tr("cannot write the file"), file.errorString()).withContext(path);
    return {};
}

Result<QByteArray> EncryptedSecretFile::read(const QString& path, const QByteArray& passphrase)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return Error::config(tr("cannot open the file"), file.errorString()).withContext(path);
    const QByteArray text = file.readAll();
    auto in = alipay::ossl::memoryBio(text);
    Envelope envelope(PEM_read_bio_CMS(in.get(), nullptr, alipay::ossl::noPassphrase, nullptr));
    if (!envelope)
        return Error::config(tr("this is not an encrypted secret (PEM \"CMS\")"), alipay::ossl::lastError())
            .withContext(path);
    QByteArray pass = passphrase;
    // The envelope read, so a key that does not unwrap means the passphrase (RFC 3211's check bytes).
    const bool unwrapped =
        CMS_decrypt_set1_password(envelope.get(), bytes(pass), static_cast<ossl_ssize_t>(pass.size())) == 1;
    pass.fill('\0');
    if (!unwrapped) {
        alipay::ossl::lastError();
        return EncryptedKeyFile::wrongPassphrase(path);
    }
    alipay::ossl::Bio out(BIO_new(BIO_s_mem()));
    if (CMS_decrypt(envelope.get(), nullptr, nullptr, nullptr, out.get(), CMS_BINARY) != 1)
        return Error::config(tr("the secret cannot be read"), alipay::ossl::lastError()).withContext(path);
    QByteArray secret = alipay::ossl::bioContents(out.get());
    char* data = nullptr;
    const long size = BIO_get_mem_data(out.get(), &data);
    OPENSSL_cleanse(data, static_cast<size_t>(size));
    return secret;
}

} // namespace counterpay::vault
