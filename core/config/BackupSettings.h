#pragma once

#include "common/Result.h"

#include <QCoreApplication>
#include <QString>

namespace counterpay {
class IniFile;
}

namespace counterpay::config {

// Where and how often the order book is copied, from the [backup] section of the counter's INI file:
//
//   [backup]
//   folder=            ; empty: a "backups" folder beside the book (a second disk or a share is better)
//   keep_hourly=24     ; grandfather-father-son: the newest copy of each of the last 24 hours,
//   keep_daily=7       ; of the last 7 days
//   keep_weekly=4      ; and of the last 4 weeks
//   every_min=60       ; minutes between copies while the app runs; 0: no automatic copies
//
// Every key is optional; the defaults are the ones shown. A relative folder is relative to the INI file.
struct BackupSettings
{
    static constexpr int kMaxKeep = 1000;
    static constexpr int kMinEveryMinutes = 5;
    static constexpr int kMaxEveryMinutes = 7 * 24 * 60;

    QString folder; // absolute; empty: beside the book
    int keepHourly = 24;
    int keepDaily = 7;
    int keepWeekly = 4;
    int everyMinutes = 60;

    // The folder the copies of the book at `bookPath` go to.
    QString folderFor(const QString& bookPath) const;
    // The copies sit on the book's own disk, which a dead disk takes with it.
    bool besideBook() const { return folder.isEmpty(); }

    // `path` names the file in errors ("counterpay.ini [backup] keep_daily: ...") and anchors a relative folder.
    static Result<BackupSettings> load(const IniFile& ini, const QString& path);

    Q_DECLARE_TR_FUNCTIONS(BackupSettings)
};

} // namespace counterpay::config
