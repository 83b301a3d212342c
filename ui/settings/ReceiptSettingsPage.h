#pragma once

#include "settings/SettingsPage.h"

namespace counterpay::ui {

// [receipt]: where receipts print and on what paper.
class ReceiptSettingsPage : public SettingsPage
{
    Q_OBJECT

public:
    explicit ReceiptSettingsPage(QWidget* parent = nullptr);
    QString title() const override { return tr("Printer and receipt"); }
};

} // namespace counterpay::ui
