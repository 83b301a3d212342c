#include "vault/KeyProtection.h"

#include "alipay/ContentCipher.h"
#include "alipay/PrivateKey.h"
#include "common/IniFile.h"
#include "vault/EncryptedKeyFile.h"
#include "vault/EncryptedSecretFile.h"
#include "vault/KeySource.h"
#include "vault/Keychain.h"

#include <QFile>
#include <QFileInfo>

#include <unistd.h>

namespace counterpay::vault {

namespace {

const QString kSection = QStringLiteral("gateway");
const QString kPrivateKey = QStringLiteral("app_private_key");
const QString kAesKey = QStringLiteral("aes_key_file");

Error configError(const QString& configPath, const QString& key, const QString& message)
{
    return Error::config(message).withContext(configPath + QStringLiteral(" [gateway] ") + key);
}

} // namespace

QString KeyProtection::encryptedPathFor(const QString& plainPath)
{
    const QFileInfo info(plainPath);
    return info.absoluteDir().filePath(info.completeBaseName() + QStringLiteral(".encrypted.pem"));
}

QString KeyProtection::privateKeyAccount(const QString& appId)
{
    return appId + QStringLiteral("/app_private_key");
}

QString KeyProtection::aesKeyAccount(const QString& appId)
{
    return appId + QStringLiteral("/aes_key");
}

Result<void> KeyProtection::shred(const QString& path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadWrite))
        return Error::config(tr("cannot overwrite the plain key file"), file.errorString()).withContext(path);
    const qint64 size = file.size();
    const QByteArray zeros(static_cast<qsizetype>(qMin<qint64>(size, 1 << 16)), '\0');
    for (qint64 written = 0; written < size;) {
        const qint64 chunk = file.write(zeros.constData(), qMin<qint64>(zeros.size(), size - written));
        if (chunk <= 0)
            return Error::config(tr("cannot overwrite the plain key file"), file.errorString()).withContext(path);
        written += chunk;
    }
    file.flush();
    ::fsync(file.handle());
    file.close();
    if (!file.remove())
        return Error::config(tr("cannot remove the plain key file"), file.errorString()).withContext(path);
    return {};
}

Result<KeyLocation> KeyProtection::protectAesKey(const KeyLocation& plain, Method method, const QString& appId,
                                                 const QByteArray& passphrase)
{
    auto text = KeySource::secretText(plain);
    if (!text)
        return text.error();
    QByteArray aesKey = text->trimmed();
    text->fill('\0');
    if (auto valid = alipay::ContentCipher::fromBase64Key(aesKey, plain.path); !valid) {
        aesKey.fill('\0');
        return valid.error();
    }
    KeyLocation target;
    Result<void> stored;
    if (method == Method::Keychain) {
        target.kind = KeyLocation::Kind::Keychain;
        target.account = aesKeyAccount(appId);
        stored = Keychain::store(target.account, aesKey);
    } else {
        target.kind = KeyLocation::Kind::EncryptedFile;
        target.path = encryptedPathFor(plain.path);
        stored = QFileInfo::exists(target.path)
                     ? Result<void>(Error::config(
                           tr("%1 already exists; move it away first (it is never overwritten)").arg(target.path)))
                     : EncryptedSecretFile::write(aesKey, passphrase, target.path);
    }
    if (!stored) {
        aesKey.fill('\0');
        return stored.error();
    }
    // Read back, as the private key is, before the plain file goes.
    auto copy =
        KeySource::secretText(target, [&passphrase](const QString&) -> Result<QByteArray> { return passphrase; });
    const bool same = copy && *copy == aesKey;
    aesKey.fill('\0');
    if (!same)
        return Error::config(tr("the protected copy of the AES key did not read back the same; the plain key was kept"),
                             copy ? QString() : copy.error().toString());
    return target;
}

Result<KeyLocation> KeyProtection::protect(const QString& configPath, Method method, const QByteArray& passphrase)
{
    auto ini = IniFile::load(configPath);
    if (!ini)
        return ini.error();
    const QDir configDir = QFileInfo(configPath).absoluteDir();
    const QString appId = ini->value(kSection, QStringLiteral("app_id"));
    const QString privateValue = ini->value(kSection, kPrivateKey);
    if (privateValue.isEmpty())
        return configError(configPath, kPrivateKey, tr("missing; there is no key to protect"));
    const KeyLocation plain = KeyLocation::parse(privateValue, configDir);
    if (plain.isProtected())
        return configError(configPath, kPrivateKey,
                           tr("the key is already protected (%1); nothing was changed").arg(privateValue));
    if (method == Method::Keychain && appId.isEmpty())
        return configError(configPath, QStringLiteral("app_id"), tr("missing; the keychain entry is named after it"));
    if (method == Method::EncryptedFile && passphrase.isEmpty())
        return Error::input(tr("an encrypted key needs a passphrase; an empty one protects nothing"));

    auto key = alipay::PrivateKey::fromFile(plain.path);
    if (!key)
        return key.error();

    KeyLocation target;
    if (method == Method::EncryptedFile) {
        target.kind = KeyLocation::Kind::EncryptedFile;
        target.path = encryptedPathFor(plain.path);
        if (QFileInfo::exists(target.path))
            return Error::config(
                tr("%1 already exists; move it away first (it is never overwritten)").arg(target.path));
        if (auto written = EncryptedKeyFile::write(*key, passphrase, target.path); !written)
            return written.error();
    } else {
        target.kind = KeyLocation::Kind::Keychain;
        target.account = privateKeyAccount(appId);
        QByteArray pem = key->toPkcs8Pem();
        auto stored = Keychain::store(target.account, pem);
        pem.fill('\0');
        if (!stored)
            return stored.error();
    }

    // Read the protected copy back before the plain one goes: a key lost here cannot be made again.
    auto copy =
        KeySource::privateKey(target, [&passphrase](const QString&) -> Result<QByteArray> { return passphrase; });
    if (!copy || !(copy->publicKey() == key->publicKey())) {
        if (target.kind == KeyLocation::Kind::EncryptedFile)
            QFile::remove(target.path);
        return Error::config(tr("the protected copy of the key did not read back the same; the plain key was kept"),
                             copy ? QString() : copy.error().toString());
    }

    ini->setValue(kSection, kPrivateKey, target.configValue(configDir));

    // The AES content key goes where the private key went, under the same passphrase.
    KeyLocation plainAes;
    const QString aesValue = ini->value(kSection, kAesKey);
    if (!aesValue.isEmpty()) {
        plainAes = KeyLocation::parse(aesValue, configDir);
        if (!plainAes.isProtected()) {
            auto moved = protectAesKey(plainAes, method, appId, passphrase);
            if (!moved) {
                if (target.kind == KeyLocation::Kind::EncryptedFile)
                    QFile::remove(target.path); // nothing half done: the config still names the plain files
                return moved.error();
            }
            ini->setValue(kSection, kAesKey, moved->configValue(configDir));
        }
    }

    if (auto saved = ini->save(configPath); !saved)
        return saved.error();
    if (auto shredded = shred(plain.path); !shredded)
        return shredded.error();
    if (!plainAes.path.isEmpty() && !plainAes.isProtected()) {
        if (auto shredded = shred(plainAes.path); !shredded)
            return shredded.error();
    }
    return target;
}

} // namespace counterpay::vault
