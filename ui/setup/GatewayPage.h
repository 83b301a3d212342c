#pragma once

#include "setup/SetupPage.h"

class QLineEdit;
class QRadioButton;

namespace counterpay::ui {

// Which gateway (Alipay for real payments, Alipay's sandbox, or another address) and the app id.
class GatewayPage : public SetupPage
{
    Q_OBJECT

public:
    static const QUrl kProduction;
    static const QUrl kAlipaySandbox;

    explicit GatewayPage(QWidget* parent = nullptr);
    bool isComplete() const override;

protected:
    void store(setup::CounterDraft& draft) const override;

private:
    QRadioButton* m_production = nullptr;
    QRadioButton* m_sandbox = nullptr;
    QRadioButton* m_custom = nullptr;
    QLineEdit* m_url = nullptr;
    QLineEdit* m_appId = nullptr;
};

} // namespace counterpay::ui
