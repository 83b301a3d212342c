#include "backup/BookBackup.h"

#include "backup/BackupChecksum.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>

#ifdef Q_OS_UNIX
#include <fcntl.h>
#include <unistd.h>
#endif

namespace counterpay::backup {

Q_LOGGING_CATEGORY(lcBackup, "counterpay.backup")

namespace {

constexpr QFile::Permissions kOwnerOnly = QFile::ReadOwner | QFile::WriteOwner;

// The rename is only on the disk once the folder's entry is: without this a power cut may lose it.
void syncFolder(const QString& folder)
{
#ifdef Q_OS_UNIX
    const int fd = ::open(QFile::encodeName(folder).constData(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd >= 0) {
        ::fsync(fd);
        ::close(fd);
    }
#else
    Q_UNUSED(folder);
#endif
}

void removeWithSidecars(const QString& path)
{
    for (const char* suffix : {"", "-journal", "-wal", "-shm"})
        QFile::remove(path + QLatin1String(suffix));
}

} // namespace

BookBackup::BookBackup(QString bookPath, const QString& folder, const Clock& clock)
    : m_bookPath(std::move(bookPath))
    , m_folder(folder, m_bookPath)
    , m_clock(&clock)
{}

Result<BackupFile> BookBackup::makeCopy(const OnlineCopy::Options& options)
{
    if (!QFileInfo(m_bookPath).isFile())
        return Error::storage(tr("There is no order book at %1 to back up.").arg(m_bookPath));
    if (!QDir().mkpath(m_folder.path()))
        return Error::storage(tr("The backup folder %1 cannot be created.").arg(m_folder.path()));

    const QDateTime takenAt = m_clock->now().toUTC();
    const QString finalPath = m_folder.pathFor(takenAt);
    const QString partial = m_folder.partialPathFor(finalPath);
    removeWithSidecars(partial);
    {
        // Owner-only from its first byte: the copy holds the shop's takings and customers' ids.
        QFile file(partial);
        if (!file.open(QIODevice::WriteOnly | QIODevice::NewOnly, kOwnerOnly))
            return Error::storage(tr("The backup folder %1 cannot be written.").arg(m_folder.path()),
                                  file.errorString());
    }
    const auto fail = [&](const Error& error) -> Error {
        removeWithSidecars(partial);
        qCWarning(lcBackup).noquote() << "backup of" << m_bookPath << "failed:" << error.toString();
        return error;
    };
    if (auto copied = OnlineCopy::copy(m_bookPath, partial, options); !copied)
        return fail(copied.error());
    if (auto alone = OnlineCopy::makeSelfContained(partial); !alone)
        return fail(alone.error());
    if (auto checked = OnlineCopy::checkIntegrity(partial); !checked)
        return fail(Error::storage(tr("The copy of the order book failed its integrity check and was removed."),
                                   checked.error().detail()));
    // The umask may have taken the owner's bits too, and SQLite may have recreated the file.
    QFile::setPermissions(partial, kOwnerOnly);
    if (!QFile::rename(partial, finalPath))
        return fail(Error::storage(tr("The copy of the order book cannot be named %1.").arg(finalPath)));
    // Written after the rename, so a crash between the two leaves a good copy without a checksum (restore
    // then relies on the integrity check alone), never a checksum without its copy.
    if (auto summed = BackupChecksum::write(finalPath); !summed)
        qCWarning(lcBackup).noquote() << "backup" << finalPath << "has no checksum:" << summed.error().toString();
    syncFolder(m_folder.path());
    qCInfo(lcBackup).noquote() << "backed up" << m_bookPath << "to" << finalPath;
    return BackupFile{finalPath, takenAt.addMSecs(-takenAt.time().msec()), QFileInfo(finalPath).size()};
}

Result<QList<BackupFile>> BookBackup::prune(const RetentionPolicy& policy)
{
    const Retention::Split split = Retention::split(m_folder.list(), policy);
    QList<BackupFile> removed;
    for (const BackupFile& copy : split.remove) {
        if (!QFile::remove(copy.path))
            return Error::storage(tr("The old backup %1 cannot be removed.").arg(copy.path));
        QFile::remove(BackupChecksum::pathFor(copy.path));
        removed.append(copy);
    }
    return removed;
}

} // namespace counterpay::backup
