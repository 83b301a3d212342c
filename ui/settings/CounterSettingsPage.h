#pragma once

#include "settings/SettingsPage.h"

namespace counterpay::ui {

// [counter]: the store's title, this terminal, the order book.
class CounterSettingsPage : public SettingsPage
{
    Q_OBJECT

public:
    explicit CounterSettingsPage(QWidget* parent = nullptr);
    QString title() const override { return tr("Counter"); }
};

} // namespace counterpay::ui
