#include "config/BackupSettings.h"

#include "common/IniFile.h"

#include <QDir>
#include <QFileInfo>

namespace counterpay::config {

namespace {

const QString kSection = QStringLiteral("backup");

Error settingError(const QString& path, const QString& key, const QString& message)
{
    return Error::config(message).withContext(QStringLiteral("%1 [%2] %3").arg(path, kSection, key));
}

// A whole number in [low, high], or `fallback` when the key is absent or empty.
Result<int> number(const IniFile& ini, const QString& path, const QString& key, int fallback, int low, int high,
                   const QString& meaning)
{
    const QString text = ini.value(kSection, key);
    if (text.isEmpty())
        return fallback;
    bool ok = false;
    const int value = text.toInt(&ok);
    if (!ok || value < low || value > high)
        return settingError(path, key, meaning);
    return value;
}

} // namespace

QString BackupSettings::folderFor(const QString& bookPath) const
{
    if (!folder.isEmpty())
        return folder;
    return QFileInfo(bookPath).absoluteDir().absoluteFilePath(QStringLiteral("backups"));
}

Result<BackupSettings> BackupSettings::load(const IniFile& ini, const QString& path)
{
    BackupSettings settings;
    const QString folder = ini.value(kSection, QStringLiteral("folder")).trimmed();
    if (!folder.isEmpty())
        settings.folder = QDir::cleanPath(QFileInfo(path).absoluteDir().absoluteFilePath(folder));

    auto hourly = number(ini, path, QStringLiteral("keep_hourly"), settings.keepHourly, 1, kMaxKeep,
                         tr("must be a number of copies from 1 to %1").arg(kMaxKeep));
    if (!hourly)
        return hourly.error();
    settings.keepHourly = *hourly;
    auto daily = number(ini, path, QStringLiteral("keep_daily"), settings.keepDaily, 0, kMaxKeep,
                        tr("must be a number of copies from 0 to %1").arg(kMaxKeep));
    if (!daily)
        return daily.error();
    settings.keepDaily = *daily;
    auto weekly = number(ini, path, QStringLiteral("keep_weekly"), settings.keepWeekly, 0, kMaxKeep,
                         tr("must be a number of copies from 0 to %1").arg(kMaxKeep));
    if (!weekly)
        return weekly.error();
    settings.keepWeekly = *weekly;
    auto every = number(
        ini, path, QStringLiteral("every_min"), settings.everyMinutes, 0, kMaxEveryMinutes,
        tr("must be 0 (no automatic copies) or minutes from %1 to %2").arg(kMinEveryMinutes).arg(kMaxEveryMinutes));
    if (!every)
        return every.error();
    // 1 to 4 minutes would copy the whole book nearly all the time.
    if (*every != 0 && *every < kMinEveryMinutes)
        return settingError(
            path, QStringLiteral("every_min"),
            tr("must be 0 (no automatic copies) or minutes from %1 to %2").arg(kMinEveryMinutes).arg(kMaxEveryMinutes));
    settings.everyMinutes = *every;
    return settings;
}

} // namespace counterpay::config
