#include "backup/BackupStatus.h"

#include <QLocale>

namespace counterpay::backup {

BackupStatus BackupStatus::decide(const QDateTime& lastGood, const QString& failure, const QDateTime& now,
                                  bool besideBook)
{
    BackupStatus status;
    status.lastGood = lastGood.toUTC();
    status.failure = failure;
    status.besideBook = besideBook;
    if (!failure.isEmpty())
        status.level = Level::Failed;
    else if (!lastGood.isValid())
        status.level = Level::None;
    else if (lastGood.secsTo(now) > kStaleAfterSecs)
        status.level = Level::Stale;
    else
        status.level = Level::Ok;
    return status;
}

QString BackupStatus::text() const
{
    const QLocale locale;
    const QString when = lastGood.isValid() ? locale.toString(lastGood.toLocalTime(), QLocale::ShortFormat) : QString();
    switch (level) {
    case Level::Ok:
        return tr("Backup %1").arg(locale.toString(lastGood.toLocalTime().time(), QLocale::ShortFormat));
    case Level::None:
        return tr("No backup of the order book yet");
    case Level::Stale:
        return tr("Last backup %1: more than a day ago").arg(when);
    case Level::Failed:
        return tr("Backup failed: %1").arg(failure);
    }
    return {};
}

QString BackupStatus::advice() const
{
    QString text;
    if (level == Level::Failed)
        text = lastGood.isValid() ? tr("The last good backup is from %1.")
                                        .arg(QLocale().toString(lastGood.toLocalTime(), QLocale::ShortFormat))
                                  : tr("There is no good backup yet.");
    if (besideBook) {
        if (!text.isEmpty())
            text += u' ';
        text += tr("Backups go to a folder beside the order book, on the same disk; a second disk or a "
                   "network share ([backup] folder=) survives a dead disk.");
    }
    return text;
}

} // namespace counterpay::backup
