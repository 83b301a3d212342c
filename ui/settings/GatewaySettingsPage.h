#pragma once

#include "settings/SettingsPage.h"

namespace counterpay::ui {

// [gateway]: where the counter pays and with which keys. A change here is checked with Alipay before it is
// saved (SettingsDialog).
class GatewaySettingsPage : public SettingsPage
{
    Q_OBJECT

public:
    explicit GatewaySettingsPage(QWidget* parent = nullptr);
    QString title() const override { return tr("Gateway and keys"); }

private:
    QLineEdit* m_url = nullptr;
};

} // namespace counterpay::ui
