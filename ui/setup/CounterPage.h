#pragma once

#include "setup/SetupPage.h"

class QLineEdit;

namespace counterpay::ui {

// The store's title (the order title customers see in Alipay) and this counter's terminal id.
class CounterPage : public SetupPage
{
    Q_OBJECT

public:
    explicit CounterPage(QWidget* parent = nullptr);

protected:
    void store(setup::CounterDraft& draft) const override;

private:
    QLineEdit* m_title = nullptr;
    QLineEdit* m_terminal = nullptr;
};

} // namespace counterpay::ui
