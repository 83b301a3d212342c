#pragma once

#include "common/Result.h"
#include "vault/KeyLocation.h"

#include <QByteArray>
#include <QCoreApplication>
#include <QString>

namespace counterpay::vault {

// `counterpay-cli key protect` and the setup wizard: after it, no secret of the counter lies on disk in
// plain text.
class KeyProtection
{
    Q_DECLARE_TR_FUNCTIONS(KeyProtection)

public:
    enum class Method
    {
        Keychain,
        EncryptedFile,
    };

    // Moves the config's plain app private key (and a plain aes_key_file, if any) to `method`, rewrites the
    // config's value (IniFile, atomic), then overwrites and removes the plain file. `passphrase` for
    // EncryptedFile, which puts the AES key, under the same passphrase, in a CMS file (EncryptedSecretFile:
    // PKCS#8 holds only private keys). Each protected copy is read back and compared before anything plain is
    // removed.
    static Result<KeyLocation> protect(const QString& configPath, Method method, const QByteArray& passphrase = {});

    // Where EncryptedFile puts the key that lay at `plainPath`: beside it, "<name>.encrypted.pem".
    static QString encryptedPathFor(const QString& plainPath);
    // The keychain accounts of an app's secrets.
    static QString privateKeyAccount(const QString& appId);
    static QString aesKeyAccount(const QString& appId);

    // Overwrites a file's bytes with zeros, flushes them to the disk, then removes it. On a copy-on-write or
    // flash file system the old blocks may survive; this still takes the secret out of every backup and
    // every `cat` from now on.
    static Result<void> shred(const QString& path);

private:
    static Result<KeyLocation> protectAesKey(const KeyLocation& plain, Method method, const QString& appId,
                                             const QByteArray& passphrase);
};

} // namespace counterpay::vault
