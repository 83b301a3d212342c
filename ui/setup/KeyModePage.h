#pragma once

#include "setup/SetupPage.h"

class QRadioButton;

namespace counterpay::ui {

// Public key mode (公钥) or certificate mode (公钥证书), as the app is set in Alipay's console.
class KeyModePage : public SetupPage
{
    Q_OBJECT

public:
    explicit KeyModePage(QWidget* parent = nullptr);

protected:
    void store(setup::CounterDraft& draft) const override;

private:
    QRadioButton* m_publicKey = nullptr;
    QRadioButton* m_certificate = nullptr;
};

} // namespace counterpay::ui
