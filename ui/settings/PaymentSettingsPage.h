#pragma once

#include "settings/SettingsPage.h"

namespace counterpay::ui {

// [payment]: how long a QR and a payment code may take, and how often Alipay is asked.
class PaymentSettingsPage : public SettingsPage
{
    Q_OBJECT

public:
    explicit PaymentSettingsPage(QWidget* parent = nullptr);
    QString title() const override { return tr("Payment timing"); }
};

} // namespace counterpay::ui
