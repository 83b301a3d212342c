#pragma once

#include "setup/SetupPage.h"

#include <array>

class QLineEdit;

namespace counterpay::ui {

// Certificate mode's three files from Alipay's console: the app's certificate (应用公钥证书), Alipay's
// (支付宝公钥证书) and Alipay's root (支付宝根证书). The draft checks they belong together and are valid now.
class CertificatesPage : public SetupPage
{
    Q_OBJECT

public:
    enum Certificate
    {
        AppCert,
        AlipayCert,
        AlipayRootCert,
    };

    explicit CertificatesPage(QWidget* parent = nullptr);

    void setPath(Certificate which, const QString& path);
    bool isComplete() const override;
    int nextId() const override { return SetupWizard::CounterPageId; }

protected:
    void store(setup::CounterDraft& draft) const override;
    std::optional<QString> ownProblem() const override;

private:
    std::array<QLineEdit*, 3> m_paths{};
};

} // namespace counterpay::ui
