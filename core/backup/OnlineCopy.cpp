#include "backup/OnlineCopy.h"

#include "backup/SqliteFile.h"

#include <QElapsedTimer>
#include <QStringList>
#include <QThread>

#include <sqlite3.h>

namespace counterpay::backup {

namespace {

constexpr int kMaxFindings = 5;

Result<void> setJournalMode(const QString& path, const char* sql, const QString& expected)
{
    auto db = SqliteFile::open(path, SqliteFile::Access::ReadWrite);
    if (!db)
        return db.error();
    auto mode = db->select(sql);
    if (!mode)
        return mode.error();
    const QString got = mode->value(0).value(0);
    if (got.compare(expected, Qt::CaseInsensitive) != 0)
        return Error::storage(OnlineCopy::tr("The journal mode of %1 cannot be changed.").arg(path),
                              QStringLiteral("journal_mode is ") + got);
    return {};
}

} // namespace

Result<void> OnlineCopy::copy(const QString& from, const QString& to, const Options& options)
{
    // The source is opened read-write (never created) because a WAL reader may need to set up the
    // shared-memory index; the backup only reads it.
    auto source = SqliteFile::open(from, SqliteFile::Access::ReadWrite);
    if (!source)
        return source.error();
    auto target = SqliteFile::open(to, SqliteFile::Access::ReadWriteCreate);
    if (!target)
        return target.error();
    // One read transaction on the source for the whole copy: every step reads the same snapshot. A
    // till's writes go on meanwhile (write-ahead log readers never block writers) and are not in this
    // copy; without the snapshot each of them would make SQLite start the copy over, which on a busy
    // counter could go on for ever.
    if (auto begun = source->exec("BEGIN"); !begun)
        return begun.error();
    if (auto read = source->select("SELECT count(*) FROM sqlite_master"); !read)
        return Error::storage(tr("The database %1 cannot be read.").arg(from), read.error().detail());

    sqlite3_backup* backup = sqlite3_backup_init(target->handle(), "main", source->handle(), "main");
    if (!backup)
        return Error::storage(tr("The database %1 cannot be copied to %2.").arg(from, to),
                              target->lastError(sqlite3_errcode(target->handle())));
    QElapsedTimer elapsed;
    elapsed.start();
    int rc = SQLITE_OK;
    for (;;) {
        rc = sqlite3_backup_step(backup, options.pagesPerStep);
        if (rc == SQLITE_DONE)
            break;
        const bool waiting = SqliteFile::isBusy(rc);
        if (rc != SQLITE_OK && !waiting)
            break;
        if (elapsed.elapsed() > options.giveUpAfterMs)
            break;
        // Lets the disk serve others between steps; longer while the target is locked.
        QThread::msleep(waiting ? 50 : 1);
    }
    sqlite3_backup_finish(backup);
    (void)source->exec("COMMIT");
    if (rc == SQLITE_DONE)
        return {};
    const QString detail = target->lastError(rc);
    if (rc == SQLITE_OK || SqliteFile::isBusy(rc))
        return Error::storage(tr("The database %1 stayed busy; it was not copied. Try again.").arg(from), detail);
    return Error::storage(tr("The database %1 could not be copied to %2.").arg(from, to), detail);
}

Result<void> OnlineCopy::makeSelfContained(const QString& path)
{
    return setJournalMode(path, "PRAGMA journal_mode=DELETE", QStringLiteral("delete"));
}

Result<void> OnlineCopy::makeWriteAhead(const QString& path)
{
    return setJournalMode(path, "PRAGMA journal_mode=WAL", QStringLiteral("wal"));
}

Result<void> OnlineCopy::checkIntegrity(const QString& path)
{
    auto db = SqliteFile::open(path, SqliteFile::Access::ReadOnly);
    if (!db)
        return db.error();
    auto findings = db->select("PRAGMA integrity_check");
    if (!findings)
        return Error::storage(tr("The database %1 is damaged.").arg(path), findings.error().detail());
    if (findings->size() != 1 || findings->first().value(0) != u"ok") {
        QStringList first;
        for (qsizetype i = 0; i < findings->size() && i < kMaxFindings; ++i)
            first << findings->at(i).value(0);
        return Error::storage(tr("The database %1 is damaged.").arg(path), first.join(QStringLiteral("; ")));
    }
    return {};
}

} // namespace counterpay::backup
