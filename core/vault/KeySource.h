#pragma once

#include "alipay/PrivateKey.h"
#include "common/Result.h"
#include "vault/KeyLocation.h"
#include "vault/PassphrasePrompt.h"

#include <QByteArray>
#include <QCoreApplication>

namespace counterpay::vault {

// Opens a secret wherever its KeyLocation says it lives: what GatewayConfig asks for when it loads.
class KeySource
{
    Q_DECLARE_TR_FUNCTIONS(KeySource)

public:
    // `prompt` is asked only for an encrypted file; none given then is a Config error saying the key needs
    // its passphrase.
    static Result<alipay::PrivateKey> privateKey(const KeyLocation& location, const PassphrasePrompt& prompt);
    // A short secret kept as text (the base64 AES key): a plain file, an encrypted one (EncryptedSecretFile,
    // `prompt` asked) or the keychain.
    static Result<QByteArray> secretText(const KeyLocation& location, const PassphrasePrompt& prompt = {});
    // Whether `passphrase` opens the encrypted file at `path` (either kind): what a prompt checks before it
    // answers.
    static Result<void> tryPassphrase(const QString& path, const QByteArray& passphrase);

    static QString passphraseNeededMessage();
};

} // namespace counterpay::vault
