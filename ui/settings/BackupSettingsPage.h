#pragma once

#include "settings/SettingsPage.h"

namespace counterpay::ui {

// [backup]: where copies of the order book go and how many are kept (config::BackupSettings).
class BackupSettingsPage : public SettingsPage
{
    Q_OBJECT

public:
    explicit BackupSettingsPage(QWidget* parent = nullptr);
    QString title() const override { return tr("Backups"); }
};

} // namespace counterpay::ui
