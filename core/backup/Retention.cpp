#include "backup/Retention.h"

#include <QSet>

#include <algorithm>
#include <functional>

namespace counterpay::backup {

Retention::Split Retention::split(const QList<BackupFile>& copies, const RetentionPolicy& policy)
{
    QList<BackupFile> newestFirst = copies;
    std::stable_sort(newestFirst.begin(), newestFirst.end(),
                     [](const BackupFile& a, const BackupFile& b) { return a.takenAt > b.takenAt; });

    QSet<QString> kept;
    // Walks from the newest copy back and keeps the first (newest) copy of each new period, until
    // `count` periods have one.
    const auto keepNewestOfEach = [&](int count, const std::function<qint64(const QDateTime&)>& period) {
        qint64 last = 0;
        int periods = 0;
        for (const BackupFile& copy : newestFirst) {
            if (periods >= count)
                break;
            const qint64 current = period(copy.takenAt.toTimeZone(policy.zone));
            if (periods > 0 && current == last)
                continue;
            kept.insert(copy.path);
            last = current;
            ++periods;
        }
    };
    keepNewestOfEach(policy.hourly, [](const QDateTime& t) { return t.date().toJulianDay() * 24 + t.time().hour(); });
    keepNewestOfEach(policy.daily, [](const QDateTime& t) { return t.date().toJulianDay(); });
    // Julian day 0 is a Monday, so whole weeks from it are Monday-to-Sunday weeks.
    keepNewestOfEach(policy.weekly, [](const QDateTime& t) { return t.date().toJulianDay() / 7; });

    Split result;
    for (const BackupFile& copy : newestFirst)
        (kept.contains(copy.path) ? result.keep : result.remove).append(copy);
    return result;
}

} // namespace counterpay::backup
