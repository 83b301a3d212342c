#pragma once

#include "settings/SettingsPage.h"

namespace counterpay::ui {

// [notify]: Alipay's payment notifications, when the store forwards them to this computer.
class NotifySettingsPage : public SettingsPage
{
    Q_OBJECT

public:
    explicit NotifySettingsPage(QWidget* parent = nullptr);
    QString title() const override { return tr("Notifications"); }
};

} // namespace counterpay::ui
