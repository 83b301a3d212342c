#include "vault/EncryptedKeyFile.h"

#include "alipay/OpenSslHandles.h"

#include <QFile>
#include <QSaveFile>

#include <openssl/crypto.h>
#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/pkcs12.h>

namespace counterpay::vault {

namespace {

struct Free
{
    void operator()(PKCS8_PRIV_KEY_INFO* p) const { PKCS8_PRIV_KEY_INFO_free(p); }
    void operator()(X509_SIG* p) const { X509_SIG_free(p); }
    void operator()(X509_ALGOR* p) const { X509_ALGOR_free(p); }
};
using KeyInfo = std::unique_ptr<PKCS8_PRIV_KEY_INFO, Free>;
using EncryptedInfo = std::unique_ptr<X509_SIG, Free>;
using Algorithm = std::unique_ptr<X509_ALGOR, Free>;

// Plain key text held in memory only as long as it is needed, then wiped.
class Wiped
{
public:
    explicit Wiped(QByteArray bytes)
        : m_bytes(std::move(bytes))
    {}
    ~Wiped() { OPENSSL_cleanse(m_bytes.data(), static_cast<size_t>(m_bytes.size())); }
    Wiped(const Wiped&) = delete;
    Wiped& operator=(const Wiped&) = delete;
    const QByteArray& bytes() const { return m_bytes; }

private:
    QByteArray m_bytes;
};

// The detail that marks a wrong passphrase (log text: it names no secret).
const QString kWrongPassphrase = QStringLiteral("PKCS8_decrypt failed: wrong passphrase");

} // namespace

bool EncryptedKeyFile::isWrongPassphrase(const Error& error)
{
    return error.category() == Error::Category::Config && error.detail() == kWrongPassphrase;
}

Error EncryptedKeyFile::wrongPassphrase(const QString& path)
{
    return Error::config(wrongPassphraseMessage(), kWrongPassphrase).withContext(path);
}

QString EncryptedKeyFile::wrongPassphraseMessage()
{
    return tr("the passphrase is wrong: it does not open this key; give the one chosen when the key was protected "
              "(counterpay-cli key protect)");
}

Result<void> EncryptedKeyFile::write(const alipay::PrivateKey& key, const QByteArray& passphrase, const QString& path)
{
    if (passphrase.isEmpty())
        return Error::input(tr("an encrypted key needs a passphrase; an empty one protects nothing"));
    if (key.isNull())
        return Error::config(tr("no private key to protect"));

    const Wiped plain(key.toPkcs8Pem());
    auto plainBio = alipay::ossl::memoryBio(plain.bytes());
    const alipay::ossl::PKey pkey(
        PEM_read_bio_PrivateKey(plainBio.get(), nullptr, alipay::ossl::noPassphrase, nullptr));
    const KeyInfo info(pkey ? EVP_PKEY2PKCS8(pkey.get()) : nullptr);
    Algorithm pbe(PKCS5_pbe2_set_scrypt(EVP_aes_256_cbc(), nullptr, 0, nullptr, kScryptN, kScryptR, kScryptP));
    if (!info || !pbe)
        return Error::config(tr("the key could not be encrypted"), alipay::ossl::lastError()).withContext(path);
    EncryptedInfo sealed(
        PKCS8_set0_pbe(passphrase.constData(), static_cast<int>(passphrase.size()), info.get(), pbe.get()));
    if (!sealed)
        return Error::config(tr("the key could not be encrypted"), alipay::ossl::lastError()).withContext(path);
    (void)pbe.release(); // owned by `sealed` now

    alipay::ossl::Bio out(BIO_new(BIO_s_mem()));
    if (PEM_write_bio_PKCS8(out.get(), sealed.get()) != 1)
        return Error::config(tr("the key could not be encrypted"), alipay::ossl::lastError()).withContext(path);

    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly))
        return Error::config(tr("cannot write the key file"), file.errorString()).withContext(path);
    // Restricted before the key is written, not after: encrypted or not, it is nobody else's business.
    if (!file.setPermissions(QFile::ReadOwner | QFile::WriteOwner))
        return Error::config(tr("cannot restrict the key file to its owner"), file.errorString()).withContext(path);
    file.write(alipay::ossl::bioContents(out.get()));
    if (!file.commit())
        return Error::config(tr("cannot write the key file"), file.errorString()).withContext(path);
    return {};
}

Result<alipay::PrivateKey> EncryptedKeyFile::read(const QString& path, const QByteArray& passphrase)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return Error::config(tr("cannot open the key file"), file.errorString()).withContext(path);
    const QByteArray text = file.readAll();

    auto in = alipay::ossl::memoryBio(text);
    const EncryptedInfo sealed(PEM_read_bio_PKCS8(in.get(), nullptr, alipay::ossl::noPassphrase, nullptr));
    if (!sealed)
        return Error::config(tr("this is not an encrypted private key (PEM \"ENCRYPTED PRIVATE KEY\")"),
                             alipay::ossl::lastError())
            .withContext(path);
    // The structure read, so a decryption that fails means the passphrase (PKCS#8 has no other check: the
    // padding or the inner DER comes out wrong).
    const KeyInfo info(PKCS8_decrypt(sealed.get(), passphrase.constData(), static_cast<int>(passphrase.size())));
    if (!info) {
        alipay::ossl::lastError();
        return wrongPassphrase(path);
    }
    alipay::ossl::Bio plainBio(BIO_new(BIO_s_mem()));
    if (PEM_write_bio_PKCS8_PRIV_KEY_INFO(plainBio.get(), info.get()) != 1)
        return Error::config(tr("the private key cannot be read"), alipay::ossl::lastError()).withContext(path);
    const Wiped plain(alipay::ossl::bioContents(plainBio.get()));
    // The memory BIO's own copy goes too.
    char* data = nullptr;
    const long size = BIO_get_mem_data(plainBio.get(), &data);
    auto key = alipay::PrivateKey::fromText(plain.bytes(), path);
    OPENSSL_cleanse(data, static_cast<size_t>(size));
    return key;
}

} // namespace counterpay::vault
