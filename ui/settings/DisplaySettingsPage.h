#pragma once

#include "settings/SettingsPage.h"

namespace counterpay::ui {

// [display]: the customer display, the language of the screens, the idle lock.
class DisplaySettingsPage : public SettingsPage
{
    Q_OBJECT

public:
    explicit DisplaySettingsPage(QWidget* parent = nullptr);
    QString title() const override { return tr("Screens and language"); }
};

} // namespace counterpay::ui
