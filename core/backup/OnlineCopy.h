#pragma once

#include "common/Result.h"

#include <QCoreApplication>
#include <QString>

namespace counterpay::backup {

// SQLite's online backup API (sqlite3_backup_*) between two files, with the system's libsqlite3: the same
// library Qt's SQLite driver uses, so its connections and ours share one set of file locks.
class OnlineCopy
{
    Q_DECLARE_TR_FUNCTIONS(OnlineCopy)

public:
    struct Options
    {
        // Pages copied per step: the copy reads one snapshot of the source (a till keeps writing beside
        // it) and pauses between steps, so it never hogs the disk nor the target's lock for long.
        int pagesPerStep = 256;
        // A busy or locked database is waited for, not forced; after this long the copy gives up.
        int giveUpAfterMs = 120'000;
    };

    // Copies the database `from` (which must exist; it is never created nor changed) as it stands when
    // the copy starts, page by page, into `to`, which is replaced in place: an existing `to` keeps its file (its inode,
    // for other programs' connections) and its journal mode.
    static Result<void> copy(const QString& from, const QString& to, const Options& options);
    static Result<void> copy(const QString& from, const QString& to) { return copy(from, to, Options{}); }

    // Makes `path` one self-contained file (rollback journal instead of write-ahead log), so a copy is
    // whole without a -wal file beside it.
    static Result<void> makeSelfContained(const QString& path);
    // Switches `path` to write-ahead logging, as OrderStore keeps the book.
    static Result<void> makeWriteAhead(const QString& path);

    // PRAGMA integrity_check on `path`, read-only. A file that SQLite cannot read at all fails too; the
    // error's detail holds SQLite's first findings.
    static Result<void> checkIntegrity(const QString& path);
};

} // namespace counterpay::backup
