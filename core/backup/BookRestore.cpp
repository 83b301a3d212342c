#include "backup/BookRestore.h"

#include "backup/BackupChecksum.h"
#include "backup/BookBackup.h"
#include "backup/SqliteFile.h"
#include "store/Lease.h"
#include "store/OrderStore.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QTimeZone>

namespace counterpay::backup {

namespace {

// What the book's own file allows: its owner only.
QFileDevice::Permissions ownerOnly()
{
    return QFileDevice::ReadOwner | QFileDevice::WriteOwner;
}

Result<void> createOwnerOnly(const QString& path)
{
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly | QIODevice::NewOnly, ownerOnly()))
        return Error::storage(BookRestore::tr("%1 cannot be created.").arg(path), file.errorString());
    return {};
}

} // namespace

BookRestore::BookRestore(const QString& bookPath, const Clock& clock)
    : m_bookPath(QFileInfo(bookPath).absoluteFilePath())
    , m_clock(clock)
{}

Result<void> BookRestore::checkCopy(const QString& copy)
{
    if (!QFileInfo(copy).isFile())
        return Error::input(tr("There is no file %1 to restore from.").arg(copy));
    auto summed = BackupChecksum::verify(copy);
    if (!summed)
        return summed.error();
    if (*summed == BackupChecksum::Verdict::Differs)
        return Error::storage(tr("%1 is damaged (it differs from the checksum written beside it when it was made); "
                                 "it was not restored.")
                                  .arg(copy),
                              QStringLiteral("SHA-256 differs from %1").arg(BackupChecksum::pathFor(copy)));
    if (auto whole = OnlineCopy::checkIntegrity(copy); !whole)
        return Error::storage(tr("%1 is damaged (its integrity check failed); it was not restored.").arg(copy),
                              whole.error().detail());
    auto db = SqliteFile::open(copy, SqliteFile::Access::ReadOnly);
    if (!db)
        return db.error();
    auto found = db->select("SELECT (SELECT user_version FROM pragma_user_version), "
                            "(SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'orders')");
    if (!found)
        return found.error();
    const int version = found->value(0).value(0).toInt();
    if (found->value(0).value(1) != u"1" || version < 1)
        return Error::input(tr("%1 is not a CounterPay order book; it was not restored.").arg(copy));
    if (version > store::OrderStore::kSchemaVersion)
        return Error::input(tr("%1 was written by a newer CounterPay; it was not restored.").arg(copy),
                            QStringLiteral("user_version %1").arg(version));
    return {};
}

Result<void> BookRestore::checkNoLivePayment() const
{
    if (!QFileInfo::exists(m_bookPath))
        return {};
    auto db = SqliteFile::open(m_bookPath, SqliteFile::Access::ReadWrite);
    if (!db)
        return {};
    auto leases = db->select("SELECT o.out_trade_no, l.owner_host, l.owner_pid, l.expires_at "
                             "FROM order_leases l JOIN orders o ON o.id = l.order_id");
    if (!leases) {
        qCWarning(lcBackup).noquote() << "restore: the leases of" << m_bookPath
                                      << "cannot be read:" << leases.error().detail();
        return {};
    }
    const QDateTime now = m_clock.now().toUTC();
    for (const QStringList& row : *leases) {
        store::Lease lease;
        lease.owner.host = row.value(1);
        lease.owner.pid = row.value(2).toLongLong();
        lease.expiresAt = QDateTime::fromMSecsSinceEpoch(row.value(3).toLongLong(), QTimeZone::utc());
        if (lease.isLive(now))
            return Error::storage(tr("A payment is under way (order %1, on %2): the order book cannot be restored "
                                     "now. Finish or stop the payment, close CounterPay, then try again.")
                                      .arg(row.value(0), lease.owner.host),
                                  QStringLiteral("live lease, pid %1").arg(lease.owner.pid));
    }
    return {};
}

QString BookRestore::asidePath() const
{
    const QFileInfo book(m_bookPath);
    const QString stem = book.completeBaseName() + QStringLiteral("-before-restore-") +
                         m_clock.now().toUTC().toString(QStringLiteral("yyyyMMdd-HHmmss")) + u'Z';
    const QString suffix = book.suffix().isEmpty() ? QString() : u'.' + book.suffix();
    QString path = book.dir().filePath(stem + suffix);
    for (int n = 2; QFileInfo::exists(path); ++n)
        path = book.dir().filePath(stem + u'-' + QString::number(n) + suffix);
    return path;
}

Result<QString> BookRestore::keepAside() const
{
    const QString aside = asidePath();
    if (auto made = createOwnerOnly(aside); !made)
        return made.error();
    if (OnlineCopy::copy(m_bookPath, aside) && OnlineCopy::makeSelfContained(aside))
        return aside;
    // A damaged book may not copy page by page: its bytes are kept as they are, log included.
    for (const char* suffix : {"", "-wal"}) {
        const QString from = m_bookPath + QLatin1String(suffix);
        const QString to = aside + QLatin1String(suffix);
        QFile::remove(to);
        if (QFileInfo::exists(from) && !QFile::copy(from, to))
            return Error::storage(tr("The order book cannot be kept aside as %1; nothing was restored.").arg(aside));
        QFile::setPermissions(to, ownerOnly());
    }
    return aside;
}

Result<BookRestore::Outcome> BookRestore::restoreFrom(const QString& copy, const OnlineCopy::Options& options)
{
    if (auto checked = checkCopy(copy); !checked)
        return checked.error();
    if (QFileInfo(copy).absoluteFilePath() == m_bookPath)
        return Error::input(tr("%1 is the order book itself.").arg(copy));
    if (auto free = checkNoLivePayment(); !free)
        return free.error();

    Outcome outcome;
    const bool existed = QFileInfo::exists(m_bookPath);
    if (existed) {
        auto aside = keepAside();
        if (!aside)
            return aside.error();
        outcome.keptAside = *aside;
    } else {
        if (!QDir().mkpath(QFileInfo(m_bookPath).absolutePath()))
            return Error::storage(tr("The folder of the order book %1 cannot be created.").arg(m_bookPath));
        if (auto made = createOwnerOnly(m_bookPath); !made)
            return made.error();
    }

    auto written = OnlineCopy::copy(copy, m_bookPath, options);
    if (!written && existed && OnlineCopy::checkIntegrity(m_bookPath).ok())
        return written.error(); // a sound book that was busy: left as it was, the aside copy is spare
    if (!written) {
        // The book was damaged beyond writing page by page; its bytes are kept aside already.
        for (const char* suffix : {"", "-wal", "-shm"})
            QFile::remove(m_bookPath + QLatin1String(suffix));
        if (auto made = createOwnerOnly(m_bookPath); !made)
            return made.error();
        if (auto again = OnlineCopy::copy(copy, m_bookPath, options); !again)
            return again.error();
    }
    // A book restored into a new file keeps the copy's rollback journal; the order book writes ahead.
    if (auto wal = OnlineCopy::makeWriteAhead(m_bookPath); !wal)
        return wal.error();
    if (auto whole = OnlineCopy::checkIntegrity(m_bookPath); !whole)
        return whole.error();
    qCInfo(lcBackup).noquote() << "restored" << m_bookPath << "from" << copy << "; kept aside:" << outcome.keptAside;
    return outcome;
}

} // namespace counterpay::backup
