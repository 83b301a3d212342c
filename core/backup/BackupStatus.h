#pragma once

#include <QCoreApplication>
#include <QDateTime>
#include <QString>

namespace counterpay::backup {

// What the counter is told about its backups: the core decides, the status line shows it.
struct BackupStatus
{
    Q_DECLARE_TR_FUNCTIONS(BackupStatus)

public:
    // A good copy older than this is a warning.
    static constexpr qint64 kStaleAfterSecs = qint64{24} * 3600;

    enum class Level
    {
        Ok,     // a good copy from the last day
        None,   // no copy at all yet
        Stale,  // the newest good copy is older than a day
        Failed, // the last attempt failed (the reason is in `failure`)
    };

    Level level = Level::None;
    QDateTime lastGood;      // UTC; invalid when there is none
    QString failure;         // why the last attempt failed; empty when it did not
    bool besideBook = false; // the copies are on the book's own disk

    bool needsAttention() const { return level != Level::Ok; }
    // One line for the status strip, e.g. "Backup failed: the disk is full" or "Last backup 14:05".
    QString text() const;
    // The longer explanation (tool tip): where a second disk would be better, the failure's reason.
    QString advice() const;

    // `lastGood`: the newest good copy, invalid when none; `failure`: the last attempt's reason, empty
    // when it succeeded (or none was made yet).
    static BackupStatus decide(const QDateTime& lastGood, const QString& failure, const QDateTime& now,
                               bool besideBook);
};

} // namespace counterpay::backup
