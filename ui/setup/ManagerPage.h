#pragma once

#include "setup/SetupPage.h"

class QLineEdit;

namespace counterpay::ui {

class PinField;

// The first manager: a name and a PIN typed twice. The PIN guards refunds, settings and day close.
class ManagerPage : public SetupPage
{
    Q_OBJECT

public:
    explicit ManagerPage(QWidget* parent = nullptr);

protected:
    void store(setup::CounterDraft& draft) const override;
    std::optional<QString> ownProblem() const override;

private:
    QLineEdit* m_name = nullptr;
    PinField* m_pin = nullptr;
    PinField* m_again = nullptr;
};

} // namespace counterpay::ui
