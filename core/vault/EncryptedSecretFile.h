#pragma once

#include "common/Result.h"

#include <QByteArray>
#include <QCoreApplication>
#include <QString>

namespace counterpay::vault {

// A short secret that is not a private key (the AES content key) at rest in a standard file: CMS
// EnvelopedData (RFC 5652) with a password recipient (RFC 3211: PBKDF2, AES-256-CBC key wrap), PEM
// "-----BEGIN CMS-----", which `openssl cms -decrypt -inform PEM -pwri_password P` opens. PKCS#8 holds only
// private keys, so this is the standard envelope for the rest.
class EncryptedSecretFile
{
    Q_DECLARE_TR_FUNCTIONS(EncryptedSecretFile)

public:
    // OpenSSL 3.0's CMS password recipient derives with PBKDF2-HMAC-SHA1 whatever PRF is asked for: OWASP's
    // count for that PRF (about half a second, once at start).
    static constexpr int kPbkdf2Iterations = 1300000;

    // 0600 before a byte is written; atomic. An empty passphrase is an Input error.
    static Result<void> write(const QByteArray& secret, const QByteArray& passphrase, const QString& path);
    // A wrong passphrase is EncryptedKeyFile's wrong-passphrase error (isWrongPassphrase() holds).
    static Result<QByteArray> read(const QString& path, const QByteArray& passphrase);
};

} // namespace counterpay::vault
