#pragma once

#include "setup/SetupPage.h"

class QPlainTextEdit;

namespace counterpay::ui {

// Alipay's public key (支付宝公钥), pasted from Alipay's console or read from a file. The commonest
// mistake in the field, the app's own public key pasted here, is refused (CounterDraft::check).
class AlipayKeyPage : public SetupPage
{
    Q_OBJECT

public:
    explicit AlipayKeyPage(QWidget* parent = nullptr);

    void setKeyText(const QString& text);
    bool isComplete() const override;
    int nextId() const override { return SetupWizard::CounterPageId; }

protected:
    void store(setup::CounterDraft& draft) const override;

private:
    QPlainTextEdit* m_key = nullptr;
};

} // namespace counterpay::ui
