#pragma once

#include "settings/SettingsPage.h"

namespace counterpay::ui {

// [feedback]: what the counter says and plays when a payment ends.
class FeedbackSettingsPage : public SettingsPage
{
    Q_OBJECT

public:
    explicit FeedbackSettingsPage(QWidget* parent = nullptr);
    QString title() const override { return tr("Sounds and voice"); }
};

} // namespace counterpay::ui
