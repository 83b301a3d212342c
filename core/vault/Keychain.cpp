#include "vault/Keychain.h"

#include <QDBusConnection>
#include <QDBusMessage>
#include <QDBusVariant>
#include <QEventLoop>
#include <QLoggingCategory>

#include <qt6keychain/keychain.h>

#include <memory>

namespace counterpay::vault {

namespace {

Q_LOGGING_CATEGORY(lcVault, "counterpay.vault")

const QString kProbeAccount = QStringLiteral("counterpay-probe");

// Runs a QtKeychain job to its end.
void runToEnd(QKeychain::Job& job)
{
    job.setAutoDelete(false);
    // Never fall back to QtKeychain's plain QSettings file: that is a plain key on disk again.
    job.setInsecureFallback(false);
    QEventLoop loop;
    QObject::connect(&job, &QKeychain::Job::finished, &loop, &QEventLoop::quit);
    job.start();
    loop.exec(QEventLoop::ExcludeUserInputEvents);
}

enum class Failure
{
    MissingEntry,
    Locked,
    Unavailable,
    Other,
};

// QtKeychain reports a missing Secret Service as NoBackendAvailable or, through libsecret and D-Bus, as
// OtherError with D-Bus's words; a locked collection as AccessDenied(ByUser) or libsecret's "locked".
Failure classify(const QKeychain::Job& job)
{
    switch (job.error()) {
    case QKeychain::EntryNotFound:
        return Failure::MissingEntry;
    case QKeychain::AccessDenied:
    case QKeychain::AccessDeniedByUser:
        return Failure::Locked;
    case QKeychain::NoBackendAvailable:
    case QKeychain::NotImplemented:
        return Failure::Unavailable;
    default:
        break;
    }
    const QString detail = job.errorString();
    for (const char* word : {"locked", "dismissed", "prompt"}) {
        if (detail.contains(QLatin1String(word), Qt::CaseInsensitive))
            return Failure::Locked;
    }
    // No session bus at all ("Could not connect", "Cannot autolaunch D-Bus"), or no Secret Service on it.
    for (const char* word : {"org.freedesktop.secrets", "D-Bus", "DBus", "ServiceUnknown", "libsecret",
                             "Could not connect", "autolaunch"}) {
        if (detail.contains(QLatin1String(word), Qt::CaseInsensitive))
            return Failure::Unavailable;
    }
    return Failure::Other;
}

// libsecret searches only unlocked collections, so a read from a locked keychain comes back as "entry not
// found". The Secret Service itself says whether the default collection is locked.
bool defaultCollectionLocked()
{
    QDBusMessage get = QDBusMessage::createMethodCall(
        QStringLiteral("org.freedesktop.secrets"), QStringLiteral("/org/freedesktop/secrets/aliases/default"),
        QStringLiteral("org.freedesktop.DBus.Properties"), QStringLiteral("Get"));
    get << QStringLiteral("org.freedesktop.Secret.Collection") << QStringLiteral("Locked");
    const QDBusMessage reply = QDBusConnection::sessionBus().call(get, QDBus::Block, 5000);
    if (reply.type() != QDBusMessage::ReplyMessage || reply.arguments().isEmpty())
        return false;
    return qvariant_cast<QDBusVariant>(reply.arguments().first()).variant().toBool();
}

Error mapError(const QKeychain::Job& job, const QString& account)
{
    const QString detail = job.errorString();
    qCDebug(lcVault) << "keychain job failed:" << job.error() << detail;
    switch (classify(job)) {
    case Failure::MissingEntry:
        if (defaultCollectionLocked())
            return Error::config(Keychain::lockedMessage(), detail);
        return Error::config(Keychain::missingEntryMessage(account), detail);
    case Failure::Locked:
        return Error::config(Keychain::lockedMessage(), detail);
    case Failure::Unavailable:
        return Error::config(Keychain::unavailableMessage(), detail);
    case Failure::Other:
        break;
    }
    return Error::config(Keychain::tr("the keychain refused: %1").arg(detail));
}

} // namespace

const QString Keychain::kService = QStringLiteral("CounterPay");

QString Keychain::missingEntryMessage(const QString& account)
{
    return tr("the keychain holds no entry \"%1\" for CounterPay: it was removed, or this is another user's "
              "keychain; put the key back from your copy of it (counterpay-cli key protect --config FILE "
              "--keychain, with app_private_key pointing at the plain file)")
        .arg(account);
}

QString Keychain::lockedMessage()
{
    return tr("the keychain is locked: unlock it (log in to the desktop session, or unlock the \"login\" keyring in "
              "Passwords and Keys) and start again");
}

QString Keychain::unavailableMessage()
{
    return tr("there is no keychain on this computer (no Secret Service such as GNOME Keyring or KWallet is "
              "running): start one, or keep the key in a passphrase-protected file instead (counterpay-cli key "
              "protect --config FILE)");
}

bool Keychain::isAvailable()
{
    QKeychain::ReadPasswordJob job(kService);
    job.setKey(kProbeAccount);
    runToEnd(job);
    return job.error() == QKeychain::NoError || classify(job) == Failure::MissingEntry;
}

Result<void> Keychain::store(const QString& account, const QByteArray& secret)
{
    QKeychain::WritePasswordJob job(kService);
    job.setKey(account);
    job.setBinaryData(secret);
    runToEnd(job);
    if (job.error() != QKeychain::NoError)
        return mapError(job, account);
    return {};
}

Result<QByteArray> Keychain::read(const QString& account)
{
    QKeychain::ReadPasswordJob job(kService);
    job.setKey(account);
    runToEnd(job);
    if (job.error() != QKeychain::NoError)
        return mapError(job, account);
    return job.binaryData();
}

Result<void> Keychain::remove(const QString& account)
{
    QKeychain::DeletePasswordJob job(kService);
    job.setKey(account);
    runToEnd(job);
    if (job.error() != QKeychain::NoError && job.error() != QKeychain::EntryNotFound)
        return mapError(job, account);
    return {};
}

} // namespace counterpay::vault
