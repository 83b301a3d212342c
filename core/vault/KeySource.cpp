#include "vault/KeySource.h"

#include "vault/EncryptedKeyFile.h"
#include "vault/EncryptedSecretFile.h"
#include "vault/Keychain.h"

#include <QFile>

namespace counterpay::vault {

namespace {

QString keychainOrigin(const QString& account)
{
    return QStringLiteral("keychain:") + account;
}

void wipe(QByteArray& secret)
{
    secret.fill('\0');
    secret.clear();
}

// Asks for the passphrase of the file at `path`, opens the file with it, and forgets it.
template <typename Open>
auto openWithPassphrase(const QString& path, const PassphrasePrompt& prompt, Open open) -> decltype(open(QByteArray()))
{
    if (!prompt)
        return Error::config(KeySource::passphraseNeededMessage()).withContext(path);
    auto passphrase = prompt(path);
    if (!passphrase)
        return passphrase.error();
    auto opened = open(*passphrase);
    wipe(*passphrase);
    return opened;
}

} // namespace

QString KeySource::passphraseNeededMessage()
{
    return tr("the key is protected by a passphrase and none was given: type it when asked, or give "
              "--passphrase-file FILE");
}

Result<alipay::PrivateKey> KeySource::privateKey(const KeyLocation& location, const PassphrasePrompt& prompt)
{
    switch (location.kind) {
    case KeyLocation::Kind::PlainFile:
        return alipay::PrivateKey::fromFile(location.path);
    case KeyLocation::Kind::EncryptedFile:
        return openWithPassphrase(location.path, prompt, [&location](const QByteArray& passphrase) {
            return EncryptedKeyFile::read(location.path, passphrase);
        });
    case KeyLocation::Kind::Keychain: {
        auto secret = Keychain::read(location.account);
        if (!secret)
            return Error(secret.error()).withContext(keychainOrigin(location.account));
        auto key = alipay::PrivateKey::fromText(*secret, keychainOrigin(location.account));
        wipe(*secret);
        return key;
    }
    }
    return Error::config(tr("unknown key location"));
}

Result<void> KeySource::tryPassphrase(const QString& path, const QByteArray& passphrase)
{
    QFile file(path);
    const bool envelope = file.open(QIODevice::ReadOnly) && file.readLine(32).startsWith("-----BEGIN CMS-----");
    if (envelope) {
        auto secret = EncryptedSecretFile::read(path, passphrase);
        if (!secret)
            return secret.error();
        wipe(*secret);
        return {};
    }
    auto key = EncryptedKeyFile::read(path, passphrase);
    if (!key)
        return key.error();
    return {};
}

Result<QByteArray> KeySource::secretText(const KeyLocation& location, const PassphrasePrompt& prompt)
{
    switch (location.kind) {
    case KeyLocation::Kind::PlainFile: {
        QFile file(location.path);
        if (!file.open(QIODevice::ReadOnly))
            return Error::config(tr("cannot open the file"), file.errorString()).withContext(location.path);
        return file.readAll();
    }
    case KeyLocation::Kind::EncryptedFile:
        return openWithPassphrase(location.path, prompt, [&location](const QByteArray& passphrase) {
            return EncryptedSecretFile::read(location.path, passphrase);
        });
    case KeyLocation::Kind::Keychain: {
        auto secret = Keychain::read(location.account);
        if (!secret)
            return Error(secret.error()).withContext(keychainOrigin(location.account));
        return secret;
    }
    }
    return Error::config(tr("unknown key location"));
}

} // namespace counterpay::vault
