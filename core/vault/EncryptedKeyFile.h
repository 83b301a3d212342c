#pragma once

#include "alipay/PrivateKey.h"
#include "common/Result.h"

#include <QByteArray>
#include <QCoreApplication>
#include <QString>

namespace counterpay::vault {

// The app private key at rest in a standard encrypted PKCS#8 PEM file ("ENCRYPTED PRIVATE KEY"): PBES2 with
// the scrypt KDF and AES-256-CBC, which `openssl pkey -in F -passin pass:P` opens. No format of our own: the
// key must stay readable by other tools when this app is gone.
class EncryptedKeyFile
{
    Q_DECLARE_TR_FUNCTIONS(EncryptedKeyFile)

public:
    // OpenSSL's own defaults for `openssl pkcs8 -scrypt` (16 MiB, a few tenths of a second): strong against
    // guessing, and within what every OpenSSL 3 accepts when it opens the file.
    static constexpr quint64 kScryptN = 1 << 14;
    static constexpr quint64 kScryptR = 8;
    static constexpr quint64 kScryptP = 1;

    // 0600 before a byte is written; atomic (QSaveFile). An empty passphrase is an Input error.
    static Result<void> write(const alipay::PrivateKey& key, const QByteArray& passphrase, const QString& path);
    // Any PKCS#8 encrypted key OpenSSL can open (PBES2 with scrypt or PBKDF2). A wrong passphrase is a Config
    // error of its own (wrongPassphraseMessage()); a file that is not an encrypted key is another.
    static Result<alipay::PrivateKey> read(const QString& path, const QByteArray& passphrase);

    static QString wrongPassphraseMessage();
    // Whether `error` is read()'s wrong passphrase (a prompt asks again; anything else it reports).
    static bool isWrongPassphrase(const Error& error);
    // That error, for `path` (EncryptedSecretFile's too).
    static Error wrongPassphrase(const QString& path);
};

} // namespace counterpay::vault
