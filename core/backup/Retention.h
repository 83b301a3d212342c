#pragma once

#include "backup/BackupFolder.h"

#include <QList>
#include <QTimeZone>

namespace counterpay::backup {

// Grandfather-father-son: the newest copy of each of the last `hourly` hours, `daily` days and
// `weekly` weeks (Monday to Sunday) that have a copy are kept; a copy may count for all three. Hours,
// days and weeks are those of `zone`, the shop's clock.
struct RetentionPolicy
{
    int hourly = 24;
    int daily = 7;
    int weekly = 4;
    QTimeZone zone = QTimeZone::systemTimeZone();
};

class Retention
{
public:
    // The copies the policy keeps and the ones it lets go, each newest first.
    struct Split
    {
        QList<BackupFile> keep;
        QList<BackupFile> remove;
    };
    static Split split(const QList<BackupFile>& copies, const RetentionPolicy& policy);
};

} // namespace counterpay::backup
