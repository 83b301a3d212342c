#include "vault/KeyLocation.h"

#include <QFile>

namespace counterpay::vault {

namespace {

const QString kKeychainPrefix = QStringLiteral("keychain:");
const QByteArray kEncryptedHeader = QByteArrayLiteral("-----BEGIN ENCRYPTED PRIVATE KEY-----");
const QByteArray kEnvelopeHeader = QByteArrayLiteral("-----BEGIN CMS-----");

} // namespace

KeyLocation KeyLocation::parse(const QString& configValue, const QDir& configDir)
{
    KeyLocation location;
    if (configValue.startsWith(kKeychainPrefix)) {
        location.kind = Kind::Keychain;
        location.account = configValue.mid(kKeychainPrefix.size()).trimmed();
        return location;
    }
    location.path = QDir::cleanPath(configDir.absoluteFilePath(configValue));
    QFile file(location.path);
    if (file.open(QIODevice::ReadOnly)) {
        // The header alone: the rest of a plain key is not read here, so it is not copied around.
        const QByteArray first = file.readLine(kEncryptedHeader.size() + 8).trimmed();
        if (first == kEncryptedHeader || first == kEnvelopeHeader)
            location.kind = Kind::EncryptedFile;
    }
    return location;
}

QString KeyLocation::configValue(const QDir& configDir) const
{
    if (kind == Kind::Keychain)
        return kKeychainPrefix + account;
    const QString relative = configDir.relativeFilePath(path);
    return relative.startsWith(QStringLiteral("..")) ? path : relative;
}

} // namespace counterpay::vault
