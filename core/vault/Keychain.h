#pragma once

#include "common/Result.h"

#include <QByteArray>
#include <QCoreApplication>
#include <QString>

namespace counterpay::vault {

// The system keychain (Secret Service: GNOME Keyring, KWallet) through QtKeychain, service "CounterPay".
// QtKeychain's jobs are asynchronous; these wrappers wait for them in a local event loop, so they need a
// QCoreApplication and belong to start-up or a command, not the middle of a payment.
class Keychain
{
    Q_DECLARE_TR_FUNCTIONS(Keychain)

public:
    static const QString kService;

    // Whether a keychain service answers (a read of an entry nobody stores).
    static bool isAvailable();
    static Result<void> store(const QString& account, const QByteArray& secret);
    // A missing entry, a locked keychain and no keychain at all: each its own Config error and message.
    static Result<QByteArray> read(const QString& account);
    static Result<void> remove(const QString& account);

    static QString missingEntryMessage(const QString& account);
    static QString lockedMessage();
    static QString unavailableMessage();
};

} // namespace counterpay::vault
