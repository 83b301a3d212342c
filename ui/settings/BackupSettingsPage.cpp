#include "settings/BackupSettingsPage.h"

#include <QFormLayout>

namespace counterpay::ui {

BackupSettingsPage::BackupSettingsPage(QWidget* parent)
    : SettingsPage(parent)
{
    setObjectName(QStringLiteral("backupSettingsPage"));
    const QString b = QStringLiteral("backup");
    addPath(b, QStringLiteral("folder"), tr("Backup folder (empty: beside the order book)"), true);
    addText(b, QStringLiteral("every_min"), tr("Copy every (minutes)"), QStringLiteral("60"),
            tr("0: no automatic copies"));
    addText(b, QStringLiteral("keep_hourly"), tr("Keep hourly copies"), QStringLiteral("24"));
    addText(b, QStringLiteral("keep_daily"), tr("Keep daily copies"), QStringLiteral("7"));
    addText(b, QStringLiteral("keep_weekly"), tr("Keep weekly copies"), QStringLiteral("4"));
}

} // namespace counterpay::ui
