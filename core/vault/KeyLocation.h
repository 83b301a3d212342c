#pragma once

#include <QDir>
#include <QString>

namespace counterpay::vault {

// Where a secret lives, as a config value says: a file path (plain PEM, or PKCS#8
// "-----BEGIN ENCRYPTED PRIVATE KEY-----" PBES2/scrypt/AES-256-CBC, or for the AES key CMS "-----BEGIN CMS-----"
// with a password recipient), or "keychain:<account>" (service "CounterPay").
struct KeyLocation
{
    enum class Kind
    {
        PlainFile,
        EncryptedFile,
        Keychain,
    };

    Kind kind = Kind::PlainFile;
    QString path;    // files: absolute
    QString account; // keychain

    // Reads the file's first line to tell plain from encrypted. A file that cannot be read counts as
    // plain: loading it then says what is wrong with it.
    static KeyLocation parse(const QString& configValue, const QDir& configDir);
    // A path relative to `configDir` when the file lies inside it, or keychain:<account>.
    QString configValue(const QDir& configDir) const;

    bool isProtected() const { return kind != Kind::PlainFile; }
};

} // namespace counterpay::vault
